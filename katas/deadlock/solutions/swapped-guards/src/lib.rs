//! Deadlock prevention: transfers lock the lower account index first, the audit locks in
//! index order, and the ordered-lock API checks the order of `First` and `Second`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, ignoring poisoning: every update below is a whole-value write, so a panic
/// elsewhere cannot leave a half-written balance behind.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a transfer was refused. A refused transfer changes no balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// `from` holds less than `amount`.
    InsufficientFunds,
    /// `from` and `to` are the same account.
    SameAccount,
    /// `from` or `to` is not an account of this bank.
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

/// Accounts `0..n`, each behind its own lock.
pub struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    /// A bank with `accounts` accounts, each holding `initial`.
    pub fn new(accounts: usize, initial: u64) -> Bank {
        Bank { accounts: (0..accounts).map(|_| Mutex::new(initial)).collect() }
    }

    /// The balance of account `id`. Panics when there is no such account.
    pub fn balance(&self, id: usize) -> u64 {
        *lock(&self.accounts[id])
    }

    /// Moves `amount` from `from` to `to`, atomically: no other transfer or audit sees one
    /// side done and the other not.
    ///
    /// Errors, checked in this order: [`TransferError::NoSuchAccount`],
    /// [`TransferError::SameAccount`], [`TransferError::InsufficientFunds`].
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        if from >= self.accounts.len() || to >= self.accounts.len() {
            return Err(TransferError::NoSuchAccount);
        }
        if from == to {
            // Locking the same std mutex twice on one thread would hang.
            return Err(TransferError::SameAccount);
        }
        // The global order: lower index first, whichever way the money flows.
        let (first, second) = if from < to { (from, to) } else { (to, from) };
        let mut from_balance = lock(&self.accounts[first]);
        let mut to_balance = lock(&self.accounts[second]);
        if *from_balance < amount {
            return Err(TransferError::InsufficientFunds);
        }
        *from_balance -= amount;
        *to_balance += amount;
        Ok(())
    }

    /// The audit: the sum of all balances as one consistent snapshot. It holds every
    /// account's lock at once, taken in the same index order as transfers.
    pub fn total(&self) -> u64 {
        let guards: Vec<MutexGuard<'_, u64>> = self.accounts.iter().map(lock).collect();
        guards.iter().map(|balance| **balance).sum()
    }
}

/// The level of a thread that holds no ordered lock.
pub struct Root;
/// The outer lock level: taken before any [`Second`] lock.
pub struct First;
/// The inner lock level: taken last.
pub struct Second;

/// `L: LockAfter<H>` says that a lock of level `L` may be taken while the newest lock the
/// thread holds has level `H`. Levels without an impl cannot nest in that order.
pub trait LockAfter<Held> {}

impl LockAfter<Root> for First {}
impl LockAfter<Root> for Second {}
impl LockAfter<First> for Second {}

/// Proof of the newest lock level a thread holds. A token for a higher level borrows the
/// token it was made from, so an older token cannot be reused while a newer lock is held.
pub struct LevelToken<'a, L> {
    _level: PhantomData<(&'a mut (), L)>,
}

impl LevelToken<'static, Root> {
    /// The token of a thread that holds no ordered lock. Create one per operation.
    pub fn root() -> LevelToken<'static, Root> {
        LevelToken { _level: PhantomData }
    }
}

/// A mutex with a lock level `L`, checked at compile time against the level already held.
pub struct OrderedMutex<L, T> {
    inner: Mutex<T>,
    _level: PhantomData<fn() -> L>,
}

impl<L, T> OrderedMutex<L, T> {
    /// A new unlocked mutex holding `value`.
    pub fn new(value: T) -> OrderedMutex<L, T> {
        OrderedMutex { inner: Mutex::new(value), _level: PhantomData }
    }

    /// Locks this mutex. `held` is the newest level the caller holds; it stays borrowed as
    /// long as the guard lives. Returns the guard and the token for locks nested inside it.
    /// Compiles only when a lock of level `L` may follow level `H`.
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

/// The legacy service's two shared resources: `a` is at level [`First`], `b` at [`Second`].
pub struct Resources {
    a: OrderedMutex<First, u64>,
    b: OrderedMutex<Second, u64>,
}

impl Resources {
    /// Resources holding `a` and `b` units.
    pub fn new(a: u64, b: u64) -> Resources {
        Resources { a: OrderedMutex::new(a), b: OrderedMutex::new(b) }
    }

    /// Moves one unit from `a` to `b`. Returns `false`, changing nothing, when `a` is empty.
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

    /// Moves one unit from `b` to `a`. Returns `false`, changing nothing, when `b` is empty.
    pub fn method2(&self) -> bool {
        let mut root = LevelToken::root();
        // a before b, like method1.
        let (mut b, mut after_a) = self.a.lock(&mut root);
        let (mut a, _) = self.b.lock(&mut after_a);
        if *b == 0 {
            return false;
        }
        *b -= 1;
        *a += 1;
        true
    }

    /// `(a, b)`, read while holding both locks.
    pub fn snapshot(&self) -> (u64, u64) {
        let mut root = LevelToken::root();
        let (a, mut after_a) = self.a.lock(&mut root);
        let (b, _) = self.b.lock(&mut after_a);
        (*a, *b)
    }
}
