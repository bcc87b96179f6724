use std::fmt;

/// A point or day in time as a file gave it: a full RFC 3339 timestamp, or a date alone when
/// only the day is known (an article often says "on Saturday, July 7th" and no more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timestamp {
    Date(jiff::civil::Date),
    Instant {
        at: jiff::Timestamp,
        /// The offset the file wrote it in, so it is shown as the author saw it.
        offset_seconds: i32,
    },
}

impl Timestamp {
    /// Parses `YYYY-MM-DD` or an RFC 3339 timestamp. `None` when it is neither.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.len() == 10 {
            return s.parse::<jiff::civil::Date>().ok().map(Timestamp::Date);
        }
        let at: jiff::Timestamp = s.parse().ok()?;
        // jiff keeps the instant only; the offset is read back from the text's last six bytes
        // ("+01:00"), or is zero for "Z".
        let offset_seconds = match s.get(s.len().saturating_sub(6)..) {
            Some(tail)
                if (tail.starts_with('+') || tail.starts_with('-'))
                    && tail.as_bytes()[3] == b':' =>
            {
                let h: i32 = tail[1..3].parse().ok()?;
                let m: i32 = tail[4..6].parse().ok()?;
                let sign = if tail.starts_with('-') { -1 } else { 1 };
                sign * (h * 3600 + m * 60)
            }
            _ => 0,
        };
        Some(Timestamp::Instant { at, offset_seconds })
    }

    /// The calendar day and, when known, the time of day in the file's own offset.
    fn civil(&self) -> (jiff::civil::Date, Option<jiff::civil::Time>, Option<i32>) {
        match *self {
            Timestamp::Date(d) => (d, None, None),
            Timestamp::Instant { at, offset_seconds } => {
                let offset =
                    jiff::tz::Offset::from_seconds(offset_seconds).unwrap_or(jiff::tz::Offset::UTC);
                let dt = offset.to_datetime(at);
                (dt.date(), Some(dt.time()), Some(offset_seconds))
            }
        }
    }

    /// Seconds since the Unix epoch, for ordering posts by time; a date alone counts as its
    /// midnight UTC.
    pub fn sort_key(&self) -> i64 {
        match *self {
            Timestamp::Date(d) => jiff::tz::Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .map_or(0, |t| t.as_second()),
            Timestamp::Instant { at, .. } => at.as_second(),
        }
    }

    /// "7 Jul 2018", for compact rows.
    pub fn short(&self) -> String {
        let (d, _, _) = self.civil();
        d.strftime("%-d %b %Y").to_string()
    }
}

/// "7 Jul 2018 14:03 +01:00", or the date alone when no time is known.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, t, off) = self.civil();
        write!(f, "{}", d.strftime("%-d %b %Y"))?;
        if let (Some(t), Some(off)) = (t, off) {
            write!(f, " {}", t.strftime("%H:%M"))?;
            if off == 0 {
                write!(f, " UTC")?;
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                write!(f, " {sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_only() {
        let t = Timestamp::parse("2018-07-07").expect("date");
        assert_eq!(t.to_string(), "7 Jul 2018");
    }

    #[test]
    fn parses_rfc3339_and_keeps_offset() {
        let t = Timestamp::parse("2018-07-07T14:03:00-04:00").expect("timestamp");
        assert_eq!(t.to_string(), "7 Jul 2018 14:03 -04:00");
        let z = Timestamp::parse("2018-07-07T18:03:00Z").expect("timestamp");
        assert_eq!(z.to_string(), "7 Jul 2018 18:03 UTC");
        // Ordering is by instant first: 14:03 at -04:00 is 18:03 UTC, after 17:00 UTC.
        assert!(t > Timestamp::parse("2018-07-07T17:00:00Z").unwrap());
    }

    #[test]
    fn sort_key_orders_by_instant_whatever_the_offset() {
        let a = Timestamp::parse("2018-07-07T14:03:00-04:00").unwrap();
        let b = Timestamp::parse("2018-07-07T17:00:00Z").unwrap();
        let d = Timestamp::parse("2018-07-07").unwrap();
        assert!(a.sort_key() > b.sort_key());
        assert!(d.sort_key() < b.sort_key());
    }

    #[test]
    fn rejects_garbage() {
        assert!(Timestamp::parse("yesterday").is_none());
        assert!(Timestamp::parse("2018-13-40").is_none());
        assert!(
            Timestamp::parse("2018-07-07T14:03:00").is_none(),
            "no offset: ambiguous"
        );
    }
}
