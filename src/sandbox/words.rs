//! Word lists for locale-plausible generated data, compiled in from `assets/sandbox/*.txt`.
//! Lines starting with `#` and empty lines are skipped; `|` separates columns.

use std::sync::LazyLock;

fn lines(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn rows(text: &'static str) -> Vec<Vec<&'static str>> {
    lines(text)
        .into_iter()
        .map(|l| l.split('|').map(str::trim).collect())
        .collect()
}

/// An Indonesian region as the Ngorder `/region` look-up returns it.
pub(crate) struct Region {
    pub id: u32,
    pub subdistrict: &'static str,
    pub city: &'static str,
    pub city_id: u32,
    pub province: &'static str,
    pub province_id: u32,
    pub postal: &'static str,
}

/// A place: city, then a region code (state or postcode digits), then a country or zip.
pub(crate) struct Place {
    pub city: &'static str,
    pub code: &'static str,
    pub extra: &'static str,
}

pub(crate) struct Words {
    pub id_first: Vec<&'static str>,
    pub id_last: Vec<&'static str>,
    pub id_streets: Vec<&'static str>,
    pub id_regions: Vec<Region>,
    pub id_products: Vec<&'static str>,
    pub nl_first: Vec<&'static str>,
    pub nl_last: Vec<&'static str>,
    pub nl_streets: Vec<&'static str>,
    pub nl_places: Vec<Place>,
    pub nl_companies: Vec<&'static str>,
    pub ru_first_m: Vec<&'static str>,
    pub ru_first_f: Vec<&'static str>,
    pub ru_last: Vec<&'static str>,
    pub ru_company: Vec<&'static str>,
    pub us_first: Vec<&'static str>,
    pub us_last: Vec<&'static str>,
    pub us_places: Vec<Place>,
    pub us_streets: Vec<&'static str>,
    pub us_companies: Vec<&'static str>,
    pub br_words: Vec<&'static str>,
    pub br_forms: Vec<&'static str>,
}

fn places(text: &'static str) -> Vec<Place> {
    rows(text)
        .into_iter()
        .map(|r| Place {
            city: r[0],
            code: r[1],
            extra: r[2],
        })
        .collect()
}

pub(crate) static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    id_first: lines(include_str!("../../assets/sandbox/id_first.txt")),
    id_last: lines(include_str!("../../assets/sandbox/id_last.txt")),
    id_streets: lines(include_str!("../../assets/sandbox/id_streets.txt")),
    id_regions: rows(include_str!("../../assets/sandbox/id_regions.txt"))
        .into_iter()
        .map(|r| Region {
            id: r[0].parse().expect("region id"),
            subdistrict: r[1],
            city: r[2],
            city_id: r[3].parse().expect("city id"),
            province: r[4],
            province_id: r[5].parse().expect("province id"),
            postal: r[6],
        })
        .collect(),
    id_products: lines(include_str!("../../assets/sandbox/id_products.txt")),
    nl_first: lines(include_str!("../../assets/sandbox/nl_first.txt")),
    nl_last: lines(include_str!("../../assets/sandbox/nl_last.txt")),
    nl_streets: lines(include_str!("../../assets/sandbox/nl_streets.txt")),
    nl_places: places(include_str!("../../assets/sandbox/nl_places.txt")),
    nl_companies: lines(include_str!("../../assets/sandbox/nl_companies.txt")),
    ru_first_m: lines(include_str!("../../assets/sandbox/ru_first_m.txt")),
    ru_first_f: lines(include_str!("../../assets/sandbox/ru_first_f.txt")),
    ru_last: lines(include_str!("../../assets/sandbox/ru_last.txt")),
    ru_company: lines(include_str!("../../assets/sandbox/ru_company.txt")),
    us_first: lines(include_str!("../../assets/sandbox/us_first.txt")),
    us_last: lines(include_str!("../../assets/sandbox/us_last.txt")),
    us_places: places(include_str!("../../assets/sandbox/us_places.txt")),
    us_streets: lines(include_str!("../../assets/sandbox/us_streets.txt")),
    us_companies: lines(include_str!("../../assets/sandbox/us_companies.txt")),
    br_words: lines(include_str!("../../assets/sandbox/br_words.txt")),
    br_forms: lines(include_str!("../../assets/sandbox/br_forms.txt")),
});

impl Words {
    pub fn region(&self, id: u32) -> Option<&Region> {
        self.id_regions.iter().find(|r| r.id == id)
    }
}
