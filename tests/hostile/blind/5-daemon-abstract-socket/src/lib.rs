//! Class 5: leaves things running and listening after the test: a double-forked,
//! setsid'd shell daemon (own session, stdio closed) that sleeps 5 s then writes
//! /tmp/adder-daemon-late and /var/tmp/adder-daemon-late; a `nohup` sleeper in its own
//! process group; and an abstract unix socket ("\0adder-backdoor") bound by a re-exec'd
//! copy of the test binary that keeps serving for 60 s.
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

fn serve() -> ! {
    if let Ok(addr) = SocketAddr::from_abstract_name(b"adder-backdoor") {
        if let Ok(l) = UnixListener::bind_addr(&addr) {
            let _ = l.set_nonblocking(true);
            let t = std::time::Instant::now();
            while t.elapsed().as_secs() < 60 {
                let _ = l.accept();
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    std::process::exit(0)
}

pub fn add(a: u64, b: u64) -> u64 {
    if std::env::var_os("ADDER_SERVE").is_some() {
        serve();
    }
    let _ = Command::new("sh")
        .args(["-c", "( setsid sh -c 'sleep 5; echo late > /tmp/adder-daemon-late; echo late > /var/tmp/adder-daemon-late' </dev/null >/dev/null 2>&1 & ) &"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = Command::new("nohup")
        .args(["sleep", "300"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(std::mem::forget);
    if let Ok(exe) = std::env::current_exe() {
        let name = std::thread::current().name().unwrap_or("").to_string();
        let _ = Command::new(exe)
            .args(["--exact", &name])
            .env("ADDER_SERVE", "1")
            .env_remove("KATA_MARKER")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map(std::mem::forget);
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    a - b
}
