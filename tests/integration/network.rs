//! Corporate networks: a server certificate from a private CA (as a
//! TLS-inspecting proxy presents) is refused until `[http] ca_file` names the
//! CA, and `HTTPS_PROXY` / `NO_PROXY` decide whether requests go through a
//! proxy. A TLS front with a freshly minted CA stands before the simulator;
//! a minimal CONNECT proxy records what it carries.

use crate::support::{tenantaudit, Run, Scenario, TestSim, ACME_ID, CONTOSO_ID};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

/// A CA and a server certificate for `localhost` signed by it.
struct PrivateCa {
    ca_pem: String,
    server_der: Vec<u8>,
    server_key_der: Vec<u8>,
}

fn private_ca() -> PrivateCa {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Contoso TLS Inspection CA");
    let ca = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    PrivateCa {
        ca_pem: ca.pem(),
        server_der: server.der().to_vec(),
        server_key_der: key.serialize_der(),
    }
}

/// Terminates TLS on 127.0.0.1 and relays the bytes to `target`.
async fn tls_front(target: SocketAddr, ca: &PrivateCa) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![ca.server_der.clone().into()],
            rustls::pki_types::PrivatePkcs8KeyDer::from(ca.server_key_der.clone()).into(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake (the client distrusts the CA) just ends here.
                if let Ok(mut tls) = acceptor.accept(stream).await {
                    if let Ok(mut upstream) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                    }
                }
            });
        }
    });
    addr
}

/// An HTTP CONNECT proxy that records each tunnel's target.
async fn connect_proxy(seen: Arc<Mutex<Vec<String>>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read_u8().await {
                        Ok(byte) => head.push(byte),
                        Err(_) => return,
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let mut words = head.split_whitespace();
                let (Some("CONNECT"), Some(target)) = (words.next(), words.next()) else {
                    let _ = client
                        .write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                        .await;
                    return;
                };
                seen.lock().unwrap().push(target.to_string());
                let Ok(mut upstream) = TcpStream::connect(target).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    addr
}

/// The simulator, and its Microsoft 365 endpoints behind the TLS front at
/// `https://localhost:PORT` (Salesforce stays on plain loopback HTTP).
struct Network {
    runtime: tokio::runtime::Runtime,
    sim: TestSim,
    front: SocketAddr,
}

impl Network {
    fn start() -> Network {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        // One page per list: the simulator's next links name its own
        // address, not the front's, and a link to another origin is refused.
        let sim = Scenario::new().graph_page_size(999).start();
        let ca = private_ca();
        let target: SocketAddr = sim.sim.base_url()["http://".len()..].parse().unwrap();
        let front = runtime.block_on(tls_front(target, &ca));
        std::fs::write(sim.dir.path().join("corp-ca.pem"), &ca.ca_pem).unwrap();
        Network {
            runtime,
            sim,
            front,
        }
    }

    /// Writes the config, with `http` as the `[http]` table.
    fn config(&self, http: &str) {
        let path = self.sim.default_config();
        let base = self.sim.sim.base_url();
        let https = format!("https://localhost:{}", self.front.port());
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("[http]\n", &format!("[http]\n{http}\n"))
            .replace(&format!("{base}/entra"), &format!("{https}/entra"))
            .replace(&format!("{base}/graph"), &format!("{https}/graph"));
        std::fs::write(path, text).unwrap();
    }

    fn audit(&self, env: &[(&str, String)]) -> Run {
        let mut command = tenantaudit();
        command
            .args(["audit", "--config", "tenantaudit.toml"])
            .current_dir(self.sim.dir.path())
            .env(crate::support::SECRET_ENV, self.sim.secret());
        for (name, value) in env {
            command.env(name, value);
        }
        Run::new(command.output().unwrap(), self.sim.dir.path().join("out"))
    }
}

#[test]
fn a_private_ca_is_refused_by_name_until_ca_file_trusts_it() {
    let net = Network::start();
    net.config("");
    let run = net.audit(&[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let finding = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error");
    let message = finding["message"].as_str().unwrap();
    let host = format!("localhost:{}", net.front.port());
    assert!(
        message.contains(&format!(
            "TLS certificate presented for {host} is not trusted"
        )) && message.contains("UnknownIssuer")
            && message.contains("ca_file"),
        "{message}"
    );
    // Salesforce, on another endpoint, is unaffected.
    assert_eq!(run.status("SF-MFA-01", ACME_ID), "pass");

    net.config(r#"ca_file = "corp-ca.pem""#);
    let run = net.audit(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");

    // A ca_file that holds no certificate is a configuration error.
    std::fs::write(net.sim.dir.path().join("corp-ca.pem"), "not a certificate").unwrap();
    let run = net.audit(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ca_file"), "{}", run.stderr);
}

#[test]
fn https_proxy_carries_the_requests_unless_no_proxy_names_the_host() {
    let net = Network::start();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let proxy = net.runtime.block_on(connect_proxy(seen.clone()));
    net.config(r#"ca_file = "corp-ca.pem""#);
    let proxy_url = format!("http://{proxy}");
    let run = net.audit(&[("HTTPS_PROXY", proxy_url.clone())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    let target = format!("localhost:{}", net.front.port());
    let tunnels = std::mem::take(&mut *seen.lock().unwrap());
    assert!(
        !tunnels.is_empty() && tunnels.iter().all(|t| *t == target),
        "{tunnels:?}"
    );

    let run = net.audit(&[
        ("HTTPS_PROXY", proxy_url),
        ("NO_PROXY", "localhost".to_string()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(seen.lock().unwrap().is_empty());
}
