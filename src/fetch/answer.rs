//! What an answer means: whether it is a page or JSON, the service's own words about an
//! error, and how long it asks to be left alone.

use std::time::Duration;

use ureq::http::StatusCode;

use super::error::ErrorKind;

/// "404 Not Found".
pub(super) fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(r) => format!("{} {r}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// `Retry-After` as a wait: seconds, or an HTTP date.
pub(super) fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(v)
        .ok()?;
    let now = jiff::Timestamp::now();
    let secs = at.as_second().saturating_sub(now.as_second()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// Whether an answer looks like an HTML page.
pub fn looks_like_html(body: &[u8], content_type: Option<&str>) -> bool {
    matches!(content_type, Some("text/html" | "application/xhtml+xml"))
        || crate::load::detect::starts_like_html(body)
}

/// Whether an answer is a web page: served as HTML, or, when the server does not say what it
/// is, beginning like HTML.
pub fn is_page(body: &[u8], content_type: Option<&str>) -> bool {
    match content_type {
        Some("text/html" | "application/xhtml+xml") => true,
        Some(_) => false,
        None => crate::load::detect::starts_like_html(body),
    }
}

/// An answer that was to be JSON but is a page or nothing.
pub(super) fn check_json(
    body: &[u8],
    content_type: Option<&str>,
    service: &str,
) -> Result<(), ErrorKind> {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| body[i]);
    let found = match start {
        None => Some("an empty answer".to_string()),
        Some(b'{' | b'[') => None,
        Some(_) if looks_like_html(body, content_type) => Some("an HTML page".to_string()),
        Some(_) => Some(match content_type {
            Some(ct) => format!("{} ({ct})", describe_start(body)),
            None => describe_start(body),
        }),
    };
    match found {
        Some(found) => Err(ErrorKind::NotJson {
            service: service.to_string(),
            found,
        }),
        None => Ok(()),
    }
}

fn describe_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(60)]);
    let first = text.lines().next().unwrap_or_default().trim();
    format!("text beginning {:?}", crate::load::one_line(first))
}

/// The service's own words about an error: a JSON `message` or `error` (Bluesky's XRPC,
/// Mastodon, Reddit and Algolia all use one of them), or the first line of a short plain
/// text. An HTML error page says nothing worth a line.
pub(super) fn service_message(body: &[u8], content_type: Option<&str>) -> Option<String> {
    const MAX: usize = 200;
    let shorten = |s: &str| {
        let s = crate::load::one_line(s.trim());
        if s.chars().count() > MAX {
            let cut: String = s.chars().take(MAX).collect();
            format!("{cut}…")
        } else {
            s
        }
    };
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
        let text = |k: &str| {
            map.get(k)
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let message = text("message").or_else(|| text("error_description"));
        let error = text("error");
        let combined = match (message, error) {
            (Some(m), Some(e)) if !m.contains(e) => format!("{m} ({e})"),
            (Some(m), _) => m.to_string(),
            (None, Some(e)) => e.to_string(),
            (None, None) => return None,
        };
        return Some(shorten(&combined));
    }
    if looks_like_html(body, content_type) || body.len() > 4096 {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(shorten(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_messages() {
        let bsky = br#"{"error":"NotFound","message":"Post not found: at://x"}"#;
        assert_eq!(
            service_message(bsky, Some("application/json")).as_deref(),
            Some("Post not found: at://x (NotFound)")
        );
        let masto = br#"{"error":"Record not found"}"#;
        assert_eq!(
            service_message(masto, None).as_deref(),
            Some("Record not found")
        );
        let reddit = br#"{"message": "Not Found", "error": 404}"#;
        assert_eq!(service_message(reddit, None).as_deref(), Some("Not Found"));
        assert_eq!(
            service_message(b"<html><body>Oops</body></html>", None),
            None
        );
        assert_eq!(
            service_message(b"\nrate limited\nmore", Some("text/plain")).as_deref(),
            Some("rate limited")
        );
        let hostile = "{\"error\":\"a\\u001b[2Jb\"}";
        assert_eq!(
            service_message(hostile.as_bytes(), None).as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn json_is_checked_before_it_is_parsed() {
        assert!(check_json(b" {\"a\":1}", None, "s").is_ok());
        let e = check_json(b"<!doctype html><p>hi", None, "the API").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the API answered with an HTML page, not JSON"
        );
        let e = check_json(b"", None, "the API").unwrap_err();
        assert!(e.to_string().contains("an empty answer"), "{e}");
    }

    #[test]
    fn retry_after_in_seconds_or_a_date() {
        let mut h = ureq::http::HeaderMap::new();
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            "retry-after",
            "Thu, 01 Jan 1970 00:00:01 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
