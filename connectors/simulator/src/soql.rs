//! The SOQL subset the simulator understands:
//! `SELECT f1, Rel.f2 FROM Object [WHERE a = v [AND b = v]...] [LIMIT n]`.

use serde_json::Value;

#[derive(Debug, PartialEq)]
pub struct Query {
    pub fields: Vec<String>,
    pub object: String,
    pub conditions: Vec<(String, Value)>,
    pub limit: Option<usize>,
}

pub fn parse(text: &str) -> Result<Query, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keyword = |i: usize, k: &str| words.get(i).is_some_and(|w| w.eq_ignore_ascii_case(k));
    if !keyword(0, "SELECT") {
        return Err("unexpected token: query must start with SELECT".into());
    }
    let from = (1..words.len())
        .find(|&i| keyword(i, "FROM"))
        .ok_or("unexpected token: missing FROM")?;
    let fields: Vec<String> = words[1..from]
        .join(" ")
        .split(',')
        .map(|f| f.trim().to_string())
        .collect();
    if fields.iter().any(String::is_empty) {
        return Err("unexpected token: ','".into());
    }
    let object = words
        .get(from + 1)
        .ok_or("unexpected token: missing object")?
        .to_string();
    let mut i = from + 2;
    let mut conditions = Vec::new();
    if keyword(i, "WHERE") {
        i += 1;
        loop {
            let (Some(field), Some(&"="), Some(value)) =
                (words.get(i), words.get(i + 1), words.get(i + 2))
            else {
                return Err(
                    "unexpected token in WHERE: only `field = value` joined by AND is supported"
                        .into(),
                );
            };
            conditions.push((field.to_string(), literal(value)?));
            i += 3;
            if keyword(i, "AND") {
                i += 1;
            } else {
                break;
            }
        }
    }
    let mut limit = None;
    if keyword(i, "LIMIT") {
        limit = Some(
            words
                .get(i + 1)
                .and_then(|n| n.parse().ok())
                .ok_or("unexpected token after LIMIT")?,
        );
        i += 2;
    }
    if let Some(extra) = words.get(i) {
        return Err(format!("unexpected token: '{extra}'"));
    }
    Ok(Query {
        fields,
        object,
        conditions,
        limit,
    })
}

fn literal(text: &str) -> Result<Value, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        "null" => Ok(Value::Null),
        _ if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') => {
            Ok(Value::String(text[1..text.len() - 1].to_string()))
        }
        _ => text
            .parse::<f64>()
            .map(|n| serde_json::json!(n))
            .map_err(|_| format!("unexpected token: '{text}'")),
    }
}

/// A field of a record by its dotted path (`Profile.Name`); `None` when a
/// relationship on the way is null.
pub fn field<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(record, |value, part| value.get(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let q = parse("SELECT Id, Profile.Name FROM User WHERE IsActive = true AND UserType = 'Standard' LIMIT 5").unwrap();
        assert_eq!(q.fields, ["Id", "Profile.Name"]);
        assert_eq!(q.object, "User");
        assert_eq!(q.conditions.len(), 2);
        assert_eq!(q.limit, Some(5));
        assert!(parse("SELECT FROM User").is_err());
        assert!(parse("SELECT Id FROM User ORDER BY Id").is_err());
    }
}
