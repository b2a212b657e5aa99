//! The default rulebook, compiled into the binary so `claimlint check` needs no setup.

use super::load::RuleSource;

/// Every file of `rules/`, in load order. A test checks that none is missing from this list.
pub const FILES: &[(&str, &str)] = &[
    (
        "forward-looking.yaml",
        include_str!("../../rules/forward-looking.yaml"),
    ),
    (
        "safe-harbor.yaml",
        include_str!("../../rules/safe-harbor.yaml"),
    ),
    ("claims.yaml", include_str!("../../rules/claims.yaml")),
    (
        "regulatory.yaml",
        include_str!("../../rules/regulatory.yaml"),
    ),
    ("financial.yaml", include_str!("../../rules/financial.yaml")),
    (
        "consistency.yaml",
        include_str!("../../rules/consistency.yaml"),
    ),
    ("context.yaml", include_str!("../../rules/context.yaml")),
];

/// The embedded files as rulebook sources, named `<default>/file.yaml` in messages.
pub fn sources() -> Vec<RuleSource> {
    FILES
        .iter()
        .map(|(name, text)| RuleSource::trusted(format!("<default>/{name}"), *text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rules_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn default_rulebook_loads() {
        let book = super::super::load(&sources());
        assert!(book.is_ok(), "{:?}", book.err());
    }
}
