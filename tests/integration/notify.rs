//! `--notify`: one message to a local webhook receiver when findings newly
//! fail or scores change since the previous recorded run, and none when
//! nothing is new.

use crate::support::{tenantaudit, Run, Scenario, TestSim, SECRET_ENV};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Accepts HTTP/1.1 POSTs and keeps each body and request line.
async fn receiver(seen: Arc<Mutex<Vec<(String, Value)>>>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 8192];
                let (head_end, length) = loop {
                    let n = stream.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    data.extend_from_slice(&buf[..n]);
                    if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while data.len() < head_end + length {
                    let n = stream.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    data.extend_from_slice(&buf[..n]);
                }
                let line = String::from_utf8_lossy(&data[..head_end])
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let body = serde_json::from_slice(&data[head_end..]).unwrap_or(Value::Null);
                seen.lock().unwrap().push((line, body));
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 1\r\nconnection: close\r\n\r\n1",
                    )
                    .await;
            });
        }
    });
    addr
}

fn audit(sim: &TestSim, url: &str, args: &[&str]) -> Run {
    let config = sim.dir.path().join("tenantaudit.toml");
    let output = tenantaudit()
        .args(["audit", "--config", config.to_str().unwrap()])
        .args(args)
        .current_dir(sim.dir.path())
        .env(SECRET_ENV, sim.secret())
        .env("TENANTAUDIT_WEBHOOK_URL", url)
        .output()
        .unwrap();
    Run::new(output, sim.dir.path().join("out"))
}

#[test]
fn one_message_when_something_is_new_and_none_otherwise() {
    let sim = Scenario::new().start();
    sim.default_config();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let addr = runtime.block_on(receiver(seen.clone()));
    let hook_secret = "T0001/B0001/ZmFrZXdlYmhvb2tzZWNyZXQ";
    let url = format!("http://{addr}/services/{hook_secret}");
    let narrow = ["--checks", "M365-MFA-01,SF-MFA-01"];

    // The first run of each tenant has nothing to compare with.
    let run = audit(&sim, &url, &[&narrow[..], &["--notify", "slack"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(seen.lock().unwrap().is_empty());

    // Every check beyond those two is new in the full run: one Slack message.
    let run = audit(&sim, &url, &["--notify", "slack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let messages = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(messages.len(), 1, "{messages:?}");
    let (line, body) = &messages[0];
    assert_eq!(line, &format!("POST /services/{hook_secret} HTTP/1.1"));
    let text = body["text"].as_str().unwrap();
    let newly_failing = run
        .statuses()
        .into_iter()
        .find(|(check, _, status)| status == "fail" && !narrow[1].contains(check.as_str()))
        .unwrap();
    assert!(
        text.contains("newly failing") && text.contains("Score changes:"),
        "{text}"
    );
    assert!(text.contains(&newly_failing.0), "{text}");
    assert!(!run.stdout.contains(hook_secret) && !run.stderr.contains(hook_secret));

    // The same findings again: nothing is sent.
    let run = audit(&sim, &url, &["--notify", "slack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(seen.lock().unwrap().is_empty());

    // Teams gets an Adaptive Card.
    audit(&sim, &url, &narrow);
    let run = audit(&sim, &url, &["--notify", "teams"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let messages = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(messages.len(), 1);
    let card = &messages[0].1["attachments"][0];
    assert_eq!(
        card["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(card["content"]["type"], "AdaptiveCard");
    let blocks = card["content"]["body"].to_string();
    assert!(blocks.contains(&newly_failing.0), "{blocks}");
}

#[test]
fn notify_without_a_webhook_url_is_refused_before_any_request() {
    let sim = Scenario::new().start();
    sim.default_config();
    let before = sim.sim.request_count();
    let run = sim.run(&["audit", "--notify", "teams"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("TENANTAUDIT_WEBHOOK_URL"),
        "{}",
        run.stderr
    );
    let run = audit(&sim, "http://hooks.example.com/x", &["--notify", "slack"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("https://"), "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), before);
}
