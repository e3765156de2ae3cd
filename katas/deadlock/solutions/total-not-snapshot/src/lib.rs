//! Deadlock-free account store and ordered-lock API.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Mutex, MutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    InsufficientFunds,
    SameAccount,
    NoSuchAccount,
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransferError::InsufficientFunds => "insufficient funds",
            TransferError::SameAccount => "cannot transfer to the same account",
            TransferError::NoSuchAccount => "no such account",
        })
    }
}

impl std::error::Error for TransferError {}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Accounts `0..n`, each behind its own lock. Locks are always taken in ascending index order.
pub struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    pub fn new(accounts: usize, initial: u64) -> Bank {
        Bank { accounts: (0..accounts).map(|_| Mutex::new(initial)).collect() }
    }

    pub fn balance(&self, id: usize) -> u64 {
        *lock(&self.accounts[id])
    }

    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        let n = self.accounts.len();
        if from >= n || to >= n {
            return Err(TransferError::NoSuchAccount);
        }
        if from == to {
            return Err(TransferError::SameAccount);
        }
        let (lo, hi) = if from < to { (from, to) } else { (to, from) };
        let mut g_lo = lock(&self.accounts[lo]);
        let mut g_hi = lock(&self.accounts[hi]);
        let (f, t) = if from < to { (&mut *g_lo, &mut *g_hi) } else { (&mut *g_hi, &mut *g_lo) };
        if *f < amount {
            return Err(TransferError::InsufficientFunds);
        }
        *f -= amount;
        *t += amount;
        Ok(())
    }

    pub fn total(&self) -> u64 {
        // Lock one account at a time: no need to block every transfer during the audit.
        self.accounts.iter().map(|a| *lock(a)).sum()
    }
}

pub struct Root;
pub struct First;
pub struct Second;

pub trait LockAfter<Held> {}

impl LockAfter<Root> for First {}
impl LockAfter<Root> for Second {}
impl LockAfter<First> for Second {}

pub struct LevelToken<'a, L> {
    _level: PhantomData<(&'a mut (), L)>,
}

impl LevelToken<'static, Root> {
    pub fn root() -> LevelToken<'static, Root> {
        LevelToken { _level: PhantomData }
    }
}

pub struct OrderedMutex<L, T> {
    inner: Mutex<T>,
    _level: PhantomData<fn() -> L>,
}

impl<L, T> OrderedMutex<L, T> {
    pub fn new(value: T) -> OrderedMutex<L, T> {
        OrderedMutex { inner: Mutex::new(value), _level: PhantomData }
    }

    pub fn lock<'a, H>(
        &'a self,
        _held: &'a mut LevelToken<'_, H>,
    ) -> (MutexGuard<'a, T>, LevelToken<'a, L>)
    where
        L: LockAfter<H>,
    {
        (lock(&self.inner), LevelToken { _level: PhantomData })
    }
}

pub struct Resources {
    a: OrderedMutex<First, u64>,
    b: OrderedMutex<Second, u64>,
}

impl Resources {
    pub fn new(a: u64, b: u64) -> Resources {
        Resources { a: OrderedMutex::new(a), b: OrderedMutex::new(b) }
    }

    pub fn method1(&self) -> bool {
        let mut root = LevelToken::root();
        let (mut a, mut after_a) = self.a.lock(&mut root);
        let (mut b, _) = self.b.lock(&mut after_a);
        if *a == 0 {
            return false;
        }
        *a -= 1;
        *b += 1;
        true
    }

    pub fn method2(&self) -> bool {
        let mut root = LevelToken::root();
        let (mut a, mut after_a) = self.a.lock(&mut root);
        let (mut b, _) = self.b.lock(&mut after_a);
        if *b == 0 {
            return false;
        }
        *b -= 1;
        *a += 1;
        true
    }

    pub fn snapshot(&self) -> (u64, u64) {
        let mut root = LevelToken::root();
        let (a, mut after_a) = self.a.lock(&mut root);
        let (b, _) = self.b.lock(&mut after_a);
        (*a, *b)
    }
}
