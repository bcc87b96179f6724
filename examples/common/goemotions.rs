//! GoEmotions' TSV files, read as the data's README says, for `train_tone` (the train split)
//! and `tone_eval` (the dev split).

use std::path::Path;

use chorus::tone::Tone6;
use chorus::tone::tagger::tone_of_goemotions_label;

/// The comments of a GoEmotions TSV (`text<TAB>label ids<TAB>id`) whose labels map to exactly
/// one tone; a comment whose labels map to two tones, or to an emotion the mapping leaves out,
/// is left out. The label names are read from `goemotions-labels.txt` beside the file.
pub fn read(path: &Path) -> Result<Vec<(String, Tone6)>, String> {
    let labels_path = path.with_file_name("goemotions-labels.txt");
    let labels = std::fs::read_to_string(&labels_path)
        .map_err(|e| format!("{}: {e}", labels_path.display()))?;
    let labels: Vec<&str> = labels.lines().map(str::trim).collect();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split('\t');
        let (Some(comment), Some(ids)) = (cols.next(), cols.next()) else {
            return Err(format!(
                "{}:{}: expected text<TAB>label ids",
                path.display(),
                n + 1
            ));
        };
        let mut tone = None;
        let mut usable = true;
        for id in ids.split(',') {
            let label = id
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| labels.get(i))
                .ok_or_else(|| format!("{}:{}: bad label id {id:?}", path.display(), n + 1))?;
            match (tone_of_goemotions_label(label), tone) {
                (None, _) => usable = false,
                (Some(t), None) => tone = Some(t),
                (Some(t), Some(u)) if t != u => usable = false,
                _ => {}
            }
        }
        if let (true, Some(t)) = (usable, tone) {
            out.push((comment.to_string(), t));
        }
    }
    Ok(out)
}
