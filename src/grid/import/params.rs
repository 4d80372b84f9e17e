//! The optional `Paramètres` sheet of a grid: `Barème | 20`, `Formule prix | proportionnelle`,
//! `Notre offre | <offer>`, `Seuil offre anormalement basse | 80 %`.

use super::{ImportError, at, fail, number};
use crate::grid::{PriceFormula, Settings, fold};
use crate::ingest::{Cell, Sheet};

pub(super) fn read(sheets: &[Sheet], offers: &[String]) -> Result<Settings, ImportError> {
    let mut settings = Settings::default();
    let Some(sheet) = sheets.iter().skip(1).find(|s| {
        let n = fold(&s.name);
        n.starts_with("parametre") || n.starts_with("parameter") || n.starts_with("settings")
    }) else {
        return Ok(settings);
    };
    for (r, row) in sheet.rows.iter().enumerate() {
        let mut cells = row.iter().enumerate().filter(|(_, c)| !c.is_empty());
        let (Some((_, key)), Some((vc, value))) = (cells.next(), cells.next()) else {
            continue;
        };
        let key = fold(&key.display());
        let place = || at(sheet, r, vc);
        if key.starts_with("bareme") || key.starts_with("scale") || key.starts_with("note sur") {
            match number(value, place)? {
                Some(s) if s > 0.0 => settings.scale = s,
                _ => return Err(fail(Some(place()), "the scale must be a number above 0")),
            }
        } else if key.starts_with("formule") || key.starts_with("formula") {
            let text = value.display();
            settings.formula = PriceFormula::parse(&text).ok_or_else(|| {
                fail(
                    Some(place()),
                    format!(
                        "unknown price formula « {text} » (proportionnelle, linéaire, extrêmes, moyenne)"
                    ),
                )
            })?;
        } else if key.starts_with("notre offre") || key.starts_with("our offer") {
            let name = value.display().trim().to_string();
            let found = offers
                .iter()
                .find(|o| o.trim().to_lowercase() == name.to_lowercase())
                .ok_or_else(|| {
                    fail(
                        Some(place()),
                        format!("« {name} » is not one of the offers of the grid"),
                    )
                })?;
            settings.ours = Some(found.clone());
        } else if key.starts_with("seuil") || key.contains("anormal") || key.starts_with("low") {
            let fraction = match value {
                Cell::Percent(p) => Some(*p),
                other => number(other, place)?.map(|n| if n > 1.0 { n / 100.0 } else { n }),
            };
            match fraction {
                Some(f) if f > 0.0 && f <= 1.0 => settings.low_fraction = f,
                _ => {
                    return Err(fail(
                        Some(place()),
                        "the threshold must be a share of the mean, above 0 and at most 100 %",
                    ));
                }
            }
        }
    }
    Ok(settings)
}
