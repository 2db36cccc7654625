/// Where a page starts, in the provider's own terms: a page number, an offset or a server-given cursor.
/// The app keeps the cursor of every page it has seen so it can go back, and asks the provider for the
/// next one only once the provider has said where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// 1-based page number (Ngorder, Reportei).
    Page(u64),
    /// 0-based record offset (Guardant, DK Hardware, CycleSoftware's `next_offset`).
    Offset(u64),
}

/// What to fetch: the page that starts at `cursor`, of about `size` records (some APIs choose the size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub cursor: Cursor,
    pub size: u32,
}

/// Totals, where the API tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub records: u64,
    pub pages: u64,
}

/// One page of customers as returned by a provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub records: Vec<super::Record>,
    /// Where the next page starts, or `None` on the last page.
    pub next: Option<Cursor>,
    pub totals: Option<Totals>,
    /// Figures the answer gives about the whole list, `(label, value)` (Ngorder's order history:
    /// `total{orders, items}` over all pages).
    pub summary: Vec<(&'static str, u64)>,
}
