//! JSON for the importers: typed parsing that keeps serde_json's line and column, and that a
//! 10,000-deep thread cannot overflow.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Parses one JSON document into `T` with no recursion limit, growing the stack as needed
/// (serde_stacker) instead of overflowing it. Nothing but whitespace may follow the document.
///
/// Types that nest (a reply holding its replies) must also drop without recursion: see
/// [`dismantle`].
pub fn from_str_deep<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(serde_stacker::Deserializer::new(&mut de))?;
    de.end()?;
    Ok(value)
}

/// Drops a tree without recursion: `take_children` empties a node of its children, which are
/// then dropped one by one from a list, so each node is dropped childless.
pub fn dismantle<T>(children: Vec<T>, take_children: impl Fn(&mut T) -> Vec<T>) {
    let mut stack = children;
    while let Some(mut node) = stack.pop() {
        stack.extend(take_children(&mut node));
    }
}

/// A string, or a number written as one (ids are strings in some APIs, numbers in others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a string or a number)")
            }
            fn visit_str<E>(self, s: &str) -> Result<Id, E> {
                Ok(Id(s.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Id, E> {
                Ok(Id(n.to_string()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Id, E> {
                Ok(Id(n.to_string()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Id, E> {
                Ok(Id(n.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A field whose value is used only when it has the expected type; anything else (a `false`
/// where an API sometimes writes an object, a number for a string) counts as absent. Reading
/// real exports, a field of an unexpected type must not stop the whole file.
#[derive(Debug, Clone)]
pub struct Lenient<T>(pub Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Only strings, numbers and booleans are accepted leniently: they cannot nest, so
        // nothing has to be buffered.
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Lenient(
                    T::deserialize(de::value::StrDeserializer::<E>::new(s)).ok(),
                ))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Lenient(
                    T::deserialize(de::value::U64Deserializer::<E>::new(n)).ok(),
                ))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Lenient(
                    T::deserialize(de::value::I64Deserializer::<E>::new(n)).ok(),
                ))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Lenient(
                    T::deserialize(de::value::F64Deserializer::<E>::new(n)).ok(),
                ))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Lenient(
                    T::deserialize(de::value::BoolDeserializer::<E>::new(b)).ok(),
                ))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T> Lenient<T> {
    pub fn get(&self) -> Option<&T> {
        self.0.as_ref()
    }
}

/// A list that may also be `null` (then empty).
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A value that may be a single object or a list of them (Twitter's `data`).
pub fn one_or_many<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object or a list of objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(x) = seq.next_element()? {
                out.push(x);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            Ok(vec![T::deserialize(
                de::value::MapAccessDeserializer::new(map),
            )?])
        }
        fn visit_unit<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(V(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Node {
        #[serde(default)]
        children: Vec<Node>,
    }

    impl Drop for Node {
        fn drop(&mut self) {
            dismantle(std::mem::take(&mut self.children), |n| {
                std::mem::take(&mut n.children)
            });
        }
    }

    fn deep(depth: usize) -> String {
        let mut s = String::new();
        for _ in 0..depth {
            s.push_str("{\"children\": [");
        }
        for _ in 0..depth {
            s.push_str("]}");
        }
        s
    }

    #[test]
    fn deep_trees_parse_and_drop_on_a_small_stack() {
        let text = deep(10_000);
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let n: Node = from_str_deep(&text).expect("parses");
                assert_eq!(n.children.len(), 1);
                // A failure deep down drops what was built without recursion too.
                let broken = format!("{}x", &text[..text.len() / 2]);
                assert!(from_str_deep::<Node>(&broken).is_err());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn lenient_fields_ignore_other_types() {
        #[derive(Deserialize)]
        struct S {
            a: Lenient<String>,
            b: Lenient<f64>,
            c: Lenient<String>,
        }
        let s: S = serde_json::from_str(r#"{"a": {"x": [1]}, "b": 3, "c": "x"}"#).unwrap();
        assert!(s.a.0.is_none());
        assert_eq!(s.b.0, Some(3.0));
        assert_eq!(s.c.0.as_deref(), Some("x"));
    }
}
