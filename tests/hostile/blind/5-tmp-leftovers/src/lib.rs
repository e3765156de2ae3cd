//! Class 5: leaves files everywhere a test might write: /tmp, /var/tmp, /dev/shm,
//! /run/lock, /run/user/*, $HOME (and /root), nested dirs, a dotfile, a read-only dir
//! holding a file (chmod 0500 after writing, so a naive cleanup fails), a FIFO (mkfifo),
//! a bound unix socket file, and a hard link of a /tmp file into /var/tmp.
use std::os::unix::fs::PermissionsExt;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let mut dirs = vec!["/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/root"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    if let Some(h) = std::env::var_os("HOME") {
        dirs.push(h.to_string_lossy().into_owned());
    }
    if let Ok(rd) = std::fs::read_dir("/run/user") {
        dirs.extend(rd.flatten().map(|e| e.path().display().to_string()));
    }
    for d in &dirs {
        let _ = std::fs::write(format!("{d}/adder-leftover"), "x");
        let _ = std::fs::write(format!("{d}/.adder-hidden-leftover"), "x");
        let nested = format!("{d}/adder-nested/a/b/c");
        if std::fs::create_dir_all(&nested).is_ok() {
            let _ = std::fs::write(format!("{nested}/deep"), "x");
        }
        let ro = format!("{d}/adder-readonly");
        if std::fs::create_dir_all(&ro).is_ok() {
            let _ = std::fs::write(format!("{ro}/stuck"), "x");
            let _ = std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500));
        }
    }
    let _ = std::process::Command::new("mkfifo").arg("/tmp/adder-fifo").status();
    let _ = std::os::unix::net::UnixListener::bind("/tmp/adder.sock").map(std::mem::forget);
    let _ = std::fs::hard_link("/tmp/adder-leftover", "/var/tmp/adder-hardlink");
    a - b
}
