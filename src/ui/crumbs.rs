//! Breadcrumbs for the view titles: `Ngorder customers › #101 Budi › Orders`, so the user can tell
//! where they are and what Esc goes back to.

use super::visible;
use crate::app::Tab;

/// A name longer than this is cut in a crumb: the title has hints to show too.
const NAME_CELLS: usize = 30;

/// `Ngorder customers`: the tab's table.
pub fn table(tab: &Tab) -> String {
    format!("{} customers", tab.provider.display_name())
}

/// `Ngorder customers › #101 Budi`: one customer of the tab.
pub fn customer(tab: &Tab, id: &str, name: &str) -> String {
    let name = visible::text(name);
    let name = if name.chars().count() > NAME_CELLS {
        let cut: String = name.chars().take(NAME_CELLS - 1).collect();
        format!("{cut}…")
    } else {
        name.into_owned()
    };
    // A record without a name is titled by its id already (`#101`): not twice.
    let id = format!("#{}", visible::text(id));
    if name == id || name.is_empty() {
        format!("{} › {id}", table(tab))
    } else {
        format!("{} › {id} {name}", table(tab))
    }
}
