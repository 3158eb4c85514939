//! `[local_authorities]`: English local authorities slm's lookup does not have yet (a
//! new unitary authority, say), added by the user rather than by editing source code
//! (DESIGN.md, Inputs: School register of every vintage). Each key is the register's
//! code pair as slm's error message prints it, `"OLD NEW"`; each value gives the
//! standard name and the region:
//!
//! ```toml
//! [local_authorities]
//! "941 E06000062" = { name = "West Northamptonshire", region = "East Midlands" }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{LocalAuthority, Region, MOST_EXTRA_LOCAL_AUTHORITIES, REGIONS};
use crate::error::{Error, Result};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocalAuthority {
    name: String,
    region: String,
}

/// An added LA: (old code, GSS code, standard name, region index).
pub type Added = (String, String, String, u8);

/// Checks each added pair (a 3-digit old code, a 9-character English GSS code, a name, a
/// region by code or standard name, neither code already in the lookup) and returns
/// them in key order.
pub(super) fn local_authorities(
    raw: &BTreeMap<String, RawLocalAuthority>,
    location: &str,
) -> Result<Vec<Added>> {
    if raw.len() > MOST_EXTRA_LOCAL_AUTHORITIES {
        return Err(Error::config(
            location,
            format!(
                "local_authorities: {} pairs; at most {MOST_EXTRA_LOCAL_AUTHORITIES} can be added",
                raw.len()
            ),
        ));
    }
    let mut added: Vec<Added> = Vec::new();
    for (pair, la) in raw {
        let problem =
            |what: String| Error::config(location, format!("local_authorities.\"{pair}\": {what}"));
        let (old, new) = pair
            .split_once(' ')
            .map(|(o, n)| (o.trim(), n.trim()))
            .ok_or_else(|| problem("expected the key to be the old and new code with a space between, e.g. \"941 E06000062\"".into()))?;
        if old.len() != 3 || !old.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem(format!(
                "old code `{old}` is not 3 digits; expected the register's LA (code)"
            )));
        }
        let digits = new.get(1..).unwrap_or("");
        if new.len() != 9 || !new.starts_with('E') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem(format!(
                "new code `{new}` is not an English GSS code; expected E and 8 digits, as the register's GSSLACode (name)"
            )));
        }
        // Each GSS code is in the lookup once: finding it finds any pair that holds it.
        if let Some(known) = LocalAuthority::from_new_code(new) {
            return Err(problem(format!(
                "{new} is already in slm's lookup ({} {}, {}); remove this entry",
                known.old_code(),
                known.new_code(),
                known.name()
            )));
        }
        let name = la.name.trim();
        if name.is_empty() {
            return Err(problem(
                "name is empty; expected the authority's standard name".into(),
            ));
        }
        let region = REGIONS
            .iter()
            .find(|(code, standard)| {
                la.region.trim() == *code || la.region.trim().eq_ignore_ascii_case(standard)
            })
            .and_then(|(code, _)| Region::from_code(code))
            .ok_or_else(|| {
                let names: Vec<&str> = REGIONS.iter().map(|(_, n)| *n).collect();
                problem(format!(
                    "region `{}` is not an English region; expected a code E12000001 to E12000009 or one of {}",
                    la.region,
                    names.join(", ")
                ))
            })?;
        added.push((old.into(), new.into(), name.into(), region.index()));
    }
    let mut codes: Vec<&str> = added.iter().map(|a| a.1.as_str()).collect();
    codes.sort_unstable();
    if let Some(w) = codes.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::config(
            location,
            format!(
                "local_authorities: {} is given twice; expected each GSS code once",
                w[0]
            ),
        ));
    }
    Ok(added)
}
