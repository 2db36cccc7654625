//! Guardant's `type` and `archived` filters over a sort order in O(blocks + page): one flag byte per
//! record and, per block of the order, how many records of each flag value the block holds. A page
//! skips whole blocks by their counts and scans at most one block to reach its offset.

use super::data::{self, Customer};

pub(super) const COMPANY: u8 = 1;
pub(super) const ARCHIVED: u8 = 2;
/// Positions of the order per block.
const BLOCK: usize = 1024;

pub(super) fn flags_of(c: &Customer) -> u8 {
    let mut f = 0;
    if !c.companyname.is_empty() {
        f |= COMPANY;
    }
    if c.archived {
        f |= ARCHIVED;
    }
    f
}

/// The flags of generated records `0..n`: generates each record once (the slow part of the
/// background build, so it runs apart from the sort orders).
pub(super) fn build_flags(seed: u64, n: u32) -> Vec<u8> {
    (0..n).map(|i| flags_of(&data::generate(seed, i))).collect()
}

/// Records per flag value in each block of `order`: O(n), redone after a write moved the order.
pub(super) fn block_counts(order: &[u32], flags: &[u8]) -> Vec<[u32; 4]> {
    order
        .chunks(BLOCK)
        .map(|chunk| {
            let mut counts = [0u32; 4];
            for &i in chunk {
                counts[flag(flags, i) as usize] += 1;
            }
            counts
        })
        .collect()
}

fn flag(flags: &[u8], idx: u32) -> u8 {
    flags.get(idx as usize).copied().unwrap_or(0) & (COMPANY | ARCHIVED)
}

/// Records `offset..offset + limit` among those of `order` whose flags pass `want`, counted from the
/// end of the order when `desc`.
pub(super) fn page(
    order: &[u32],
    counts: &[[u32; 4]],
    flags: &[u8],
    want: impl Fn(u8) -> bool,
    mut skip: usize,
    limit: usize,
    desc: bool,
) -> Vec<u32> {
    let mut out = Vec::new();
    let wanted: Vec<usize> = (0..4u8).filter(|&f| want(f)).map(usize::from).collect();
    let blocks: Box<dyn Iterator<Item = (usize, &[u32; 4])>> = if desc {
        Box::new(counts.iter().enumerate().rev())
    } else {
        Box::new(counts.iter().enumerate())
    };
    for (b, count) in blocks {
        if out.len() == limit {
            break;
        }
        let matching: usize = wanted.iter().map(|&f| count[f] as usize).sum();
        if skip >= matching {
            skip -= matching;
            continue;
        }
        let chunk = &order[b * BLOCK..((b + 1) * BLOCK).min(order.len())];
        let scan: Box<dyn Iterator<Item = &u32>> = if desc {
            Box::new(chunk.iter().rev())
        } else {
            Box::new(chunk.iter())
        };
        let found = scan
            .filter(|&&i| want(flag(flags, i)))
            .skip(skip)
            .take(limit - out.len());
        out.extend(found);
        skip = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_match_a_plain_filter_in_both_directions() {
        let order: Vec<u32> = (0..5000).rev().collect();
        let flags: Vec<u8> = (0..5000u32).map(|i| (i % 5 % 4) as u8).collect();
        let counts = block_counts(&order, &flags);
        let want = |f: u8| f & COMPANY != 0;
        let plain: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&i| want(flags[i as usize]))
            .collect();
        for (offset, desc) in [
            (0, false),
            (1500, false),
            (2995, false),
            (0, true),
            (1777, true),
        ] {
            let expected: Vec<u32> = if desc {
                plain.iter().rev().skip(offset).take(10).copied().collect()
            } else {
                plain.iter().skip(offset).take(10).copied().collect()
            };
            assert_eq!(
                page(&order, &counts, &flags, want, offset, 10, desc),
                expected
            );
        }
    }
}
