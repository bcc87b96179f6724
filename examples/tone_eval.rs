//! Scores the tone tagger on the development data, as `tone-dev/README.md` prescribes.
//!
//! ```text
//! cargo run --release --example tone_eval -- ../shared/data/tone-dev
//! cargo run --release --example tone_eval -- ../shared/data/tone-dev --errors 5
//! ```
//!
//! - `goemotions-dev.tsv`: GoEmotions labels mapped to the six tones (a comment whose labels map
//!   to two tones, or to an emotion the mapping does not list, is left out); per-tone precision,
//!   recall and F1, macro-F1, the confusion matrix, and how often each confidence band is right.
//! - `ucc-val.csv`: critical when any of hostile, antagonize, condescending, dismissive is 1;
//!   precision, recall and F1 of the tagger's "critical" against everything else.
//! - The baseline: VADER's compound alone (vader-parity), supportive >= 0.05, critical <= -0.05,
//!   neutral between.
//!
//! The data is read from PATH and never copied. Output is Markdown, ready for `docs/tone.md`.
//! `--errors N` also prints up to N misread comments per (true, predicted) pair, for error
//! analysis; `--stdin` tags standard input line by line instead, like `chorus tone`;
//! `--model FILE` scores a model file `train_tone --out FILE` wrote instead of the shipped one,
//! `--rules-only` the rules without a model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chorus::tone::{Tagged, Tone6, tag};
use vader_parity::SentimentIntensityAnalyzer;

#[path = "common/goemotions.rs"]
mod goemotions;

struct Args {
    dir: PathBuf,
    errors: usize,
    /// Only this corpus: goemotions, ucc, tweeteval-sentiment or tweeteval-emotion.
    corpus: Option<String>,
}

const CORPORA: [&str; 4] = [
    "goemotions",
    "ucc",
    "tweeteval-sentiment",
    "tweeteval-emotion",
];

impl Args {
    fn wants(&self, corpus: &str) -> bool {
        self.corpus.as_deref().is_none_or(|c| c == corpus)
    }
}

fn parse_args() -> Result<Args, String> {
    let mut dir = None;
    let mut errors = 0;
    let mut corpus = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--errors" => {
                errors = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--errors needs a number")?;
            }
            "--corpus" => {
                let c = args.next().ok_or("--corpus needs a name")?;
                if !CORPORA.contains(&c.as_str()) {
                    return Err(format!(
                        "--corpus {c:?}: expected one of {}",
                        CORPORA.join(", ")
                    ));
                }
                corpus = Some(c);
            }
            "--model" => {
                // A model file to score instead of the shipped one.
                let path = args.next().ok_or("--model needs a file")?;
                let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
                if !chorus::tone::tagger::model::install(Vec::leak(bytes)) {
                    return Err(format!("{path}: not a tone model chorus reads"));
                }
            }
            "--rules-only" => {
                // The rules alone, without the model: the figures before it.
                chorus::tone::tagger::model::disable();
            }
            "--stdin" => {
                // The same as `chorus tone`: one text per line in, one tagged line out.
                let stdin = std::io::stdin();
                let stdout = std::io::stdout();
                chorus::tone::tone_lines(stdin.lock(), std::io::BufWriter::new(stdout.lock()))
                    .map_err(|e| e.to_string())?;
                std::process::exit(0);
            }
            "-h" | "--help" => return Err(String::new()),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    Ok(Args {
        dir: dir.ok_or("missing PATH (the tone-dev directory)")?,
        errors,
        corpus,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("tone_eval: {e}");
            }
            eprintln!(
                "usage: tone_eval PATH [--corpus goemotions|ucc|tweeteval-sentiment|tweeteval-emotion] [--errors N]\n       (PATH: the tone-dev directory)\n       tone_eval --stdin"
            );
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tone_eval: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let vader = SentimentIntensityAnalyzer::new();
    let baseline = |text: &str| {
        let c = vader.polarity_scores(text).compound;
        if c >= 0.05 {
            Tone6::Supportive
        } else if c <= -0.05 {
            Tone6::Critical
        } else {
            Tone6::Neutral
        }
    };

    if args.wants("goemotions") {
        goemotions(args, &baseline)?;
    }
    if args.wants("ucc") {
        ucc(args, &baseline)?;
    }
    if args.wants("tweeteval-sentiment") {
        tweeteval_sentiment(&args.dir, &vader)?;
    }
    if args.wants("tweeteval-emotion") {
        tweeteval_emotion(&args.dir, &baseline)?;
    }
    Ok(())
}

fn goemotions(args: &Args, baseline: &dyn Fn(&str) -> Tone6) -> Result<(), String> {
    let go = load_goemotions(&args.dir)?;
    println!("## GoEmotions dev ({} scored comments)\n", go.len());
    let mut counts = [0usize; 6];
    for (_, t) in &go {
        counts[t.index()] += 1;
    }
    println!(
        "Gold: {}\n",
        Tone6::ALL
            .iter()
            .map(|t| format!("{} {}", t.name(), counts[t.index()]))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let started = Instant::now();
    let tagged: Vec<Tagged> = go.iter().map(|(text, _)| tag(text)).collect();
    let elapsed = started.elapsed();
    let predicted: Vec<Tone6> = tagged.iter().map(|t| t.tone).collect();
    let gold: Vec<Tone6> = go.iter().map(|(_, t)| *t).collect();
    println!("### chorus tagger\n");
    report(&gold, &predicted);
    calibration(&gold, &tagged);
    println!(
        "Time: {:.2} us per comment over {} comments (one pass, includes building the tables; \
         the criterion bench is the real figure).\n",
        elapsed.as_secs_f64() * 1e6 / go.len().max(1) as f64,
        go.len()
    );
    if args.errors > 0 {
        errors(&go, &tagged, args.errors);
    }

    println!("### Baseline: VADER compound alone\n");
    let base: Vec<Tone6> = go.iter().map(|(text, _)| baseline(text)).collect();
    report(&gold, &base);
    let majority = Tone6::ALL[(0..6).max_by_key(|&k| counts[k]).unwrap_or(5)];
    println!("### Baseline: the majority class ({})\n", majority.name());
    report(&gold, &vec![majority; gold.len()]);
    Ok(())
}

fn ucc(args: &Args, baseline: &dyn Fn(&str) -> Tone6) -> Result<(), String> {
    let ucc = load_ucc(&args.dir)?;
    let critical = ucc.iter().filter(|(_, c)| *c).count();
    println!("## UCC val ({} comments, {critical} critical)\n", ucc.len());
    let truth: Vec<bool> = ucc.iter().map(|(_, c)| *c).collect();
    let ours: Vec<Tagged> = ucc.iter().map(|(text, _)| tag(text)).collect();
    let ours_critical: Vec<bool> = ours.iter().map(|t| t.tone == Tone6::Critical).collect();
    let theirs: Vec<bool> = ucc
        .iter()
        .map(|(text, _)| baseline(text) == Tone6::Critical)
        .collect();
    println!("| tagger | precision | recall | F1 | flagged |");
    println!("|---|---:|---:|---:|---:|");
    let never = vec![false; truth.len()];
    for (name, pred) in [
        ("chorus", &ours_critical),
        ("VADER compound <= -0.05", &theirs),
        ("majority class (never critical)", &never),
    ] {
        let (p, r, f) = binary(&truth, pred);
        let flagged = pred.iter().filter(|&&x| x).count();
        println!("| {name} | {p:.3} | {r:.3} | {f:.3} | {flagged} |");
    }
    println!();
    // Which rules the critical calls rest on, and how often each is right.
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (t, &gold) in ours.iter().zip(&truth) {
        if t.tone != Tone6::Critical {
            continue;
        }
        let mut rules: Vec<&str> = t.cues.iter().map(|c| c.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            let e = by_rule.entry(rule).or_default();
            if gold {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    println!("Critical calls by cue rule (a call counts once for each rule among its cues):\n");
    println!("| rule | right | wrong | precision |");
    println!("|---|---:|---:|---:|");
    for (rule, (right, wrong)) in by_rule {
        println!(
            "| {rule} | {right} | {wrong} | {:.3} |",
            ratio(right as f64, (right + wrong) as f64)
        );
    }
    println!();
    if args.errors > 0 {
        let show = |title: &str, want: bool| {
            println!("### UCC: {title} (up to {})\n", args.errors);
            for (((text, _), t), _) in ucc
                .iter()
                .zip(&ours)
                .zip(&ours_critical)
                .filter(|(((_, c), _), o)| *c == want && **o != want)
                .take(args.errors)
            {
                println!("- {} -> {}", one_line(text), t.cues_summary());
            }
            println!();
        };
        show("missed critical comments", true);
        show("false alarms", false);
    }
    Ok(())
}

/// A TweetEval validation split: each tweet with its label id.
fn load_tweeteval(dir: &Path, task: &str) -> Result<Vec<(String, usize)>, String> {
    let read = |what: &str| {
        let path = dir.join(format!("tweeteval-{task}-val_{what}.txt"));
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (texts, labels) = (read("text")?, read("labels")?);
    texts
        .lines()
        .zip(labels.lines())
        .enumerate()
        .map(|(n, (t, l))| {
            l.trim()
                .parse()
                .map(|l| (t.to_string(), l))
                .map_err(|_| format!("tweeteval-{task}-val_labels.txt:{}: not a label id", n + 1))
        })
        .collect()
}

/// Polarity as the tone data's README maps it: 0 negative, 1 neutral, 2 positive.
fn polarity(tone: Tone6) -> usize {
    match tone {
        Tone6::Supportive | Tone6::Reassuring | Tone6::Humorous => 2,
        Tone6::Critical | Tone6::Empathetic => 0,
        Tone6::Neutral => 1,
    }
}

fn macro_recall(gold: &[usize], predicted: &[usize], classes: usize) -> Vec<f64> {
    (0..classes)
        .map(|c| {
            let n = gold.iter().filter(|&&g| g == c).count();
            let hit = gold
                .iter()
                .zip(predicted)
                .filter(|(g, p)| **g == c && **p == c)
                .count();
            ratio(hit as f64, n as f64)
        })
        .collect()
}

fn tweeteval_sentiment(dir: &Path, vader: &SentimentIntensityAnalyzer) -> Result<(), String> {
    let data = load_tweeteval(dir, "sentiment")?;
    println!("## TweetEval sentiment val ({} tweets)\n", data.len());
    let gold: Vec<usize> = data.iter().map(|(_, l)| *l).collect();
    let tagged: Vec<Tagged> = data.iter().map(|(t, _)| tag(t)).collect();
    let ours: Vec<usize> = tagged.iter().map(|t| polarity(t.tone)).collect();
    let vader: Vec<usize> = data
        .iter()
        .map(|(t, _)| match vader.polarity_scores(t).compound {
            c if c >= 0.05 => 2,
            c if c <= -0.05 => 0,
            _ => 1,
        })
        .collect();
    let mut counts = [0usize; 3];
    gold.iter().for_each(|&g| counts[g.min(2)] += 1);
    let majority = (0..3).max_by_key(|&c| counts[c]).unwrap_or(1);
    let constant = vec![majority; gold.len()];
    println!("| tagger | recall negative | recall neutral | recall positive | macro-recall |");
    println!("|---|---:|---:|---:|---:|");
    for (name, pred) in [
        ("chorus", &ours),
        ("VADER compound (±0.05)", &vader),
        ("majority class", &constant),
    ] {
        let r = macro_recall(&gold, pred, 3);
        let m = r.iter().sum::<f64>() / 3.0;
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | **{m:.3}** |",
            r[0], r[1], r[2]
        );
    }
    println!();
    // Right when the tone's polarity is the tweet's.
    let right: Vec<bool> = ours.iter().zip(&gold).map(|(o, g)| o == g).collect();
    let confidence: Vec<f32> = tagged.iter().map(|t| t.confidence).collect();
    bands(&right, &confidence);
    Ok(())
}

fn tweeteval_emotion(dir: &Path, baseline: &dyn Fn(&str) -> Tone6) -> Result<(), String> {
    let data = load_tweeteval(dir, "emotion")?;
    println!("## TweetEval emotion val ({} tweets)\n", data.len());
    // anger, joy, optimism, sadness
    let tones = [
        Tone6::Critical,
        Tone6::Supportive,
        Tone6::Reassuring,
        Tone6::Empathetic,
    ];
    let gold: Vec<Tone6> = data.iter().map(|(_, l)| tones[(*l).min(3)]).collect();
    let tagged: Vec<Tagged> = data.iter().map(|(t, _)| tag(t)).collect();
    let ours: Vec<Tone6> = tagged.iter().map(|t| t.tone).collect();
    let mut counts = [0usize; 4];
    data.iter().for_each(|(_, l)| counts[(*l).min(3)] += 1);
    let majority = tones[(0..4).max_by_key(|&c| counts[c]).unwrap_or(0)];
    let constant = vec![majority; gold.len()];
    let vader: Vec<Tone6> = data.iter().map(|(t, _)| baseline(t)).collect();
    println!("| tagger | critical F1 | supportive F1 | reassuring F1 | empathetic F1 | macro-F1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, pred) in [
        ("chorus", &ours),
        ("VADER compound (±0.05: supportive, critical)", &vader),
        ("majority class", &constant),
    ] {
        let f1: Vec<f64> = tones
            .iter()
            .map(|&t| {
                let tp = gold
                    .iter()
                    .zip(pred.iter())
                    .filter(|(g, p)| **g == t && **p == t)
                    .count();
                let fp = gold
                    .iter()
                    .zip(pred.iter())
                    .filter(|(g, p)| **g != t && **p == t)
                    .count();
                let fneg = gold
                    .iter()
                    .zip(pred.iter())
                    .filter(|(g, p)| **g == t && **p != t)
                    .count();
                ratio(2.0 * tp as f64, (2 * tp + fp + fneg) as f64)
            })
            .collect();
        let m = f1.iter().sum::<f64>() / 4.0;
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | **{m:.3}** |",
            f1[0], f1[1], f1[2], f1[3]
        );
    }
    println!();
    calibration(&gold, &tagged);
    Ok(())
}

fn load_goemotions(dir: &Path) -> Result<Vec<(String, Tone6)>, String> {
    goemotions::read(&dir.join("goemotions-dev.tsv"))
}

fn load_ucc(dir: &Path) -> Result<Vec<(String, bool)>, String> {
    let path = dir.join("ucc-val.csv");
    let mut reader =
        csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column {name:?}", path.display()))
    };
    let comment = col("comment")?;
    let flags = [
        col("hostile")?,
        col("antagonize")?,
        col("condescending")?,
        col("dismissive")?,
    ];
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let text = record.get(comment).unwrap_or("").to_string();
        let critical = flags
            .iter()
            .any(|&i| record.get(i).is_some_and(|v| v.trim() == "1"));
        out.push((text, critical));
    }
    Ok(out)
}

/// Per-tone precision/recall/F1, macro-F1 and the confusion matrix, as Markdown.
fn report(gold: &[Tone6], predicted: &[Tone6]) {
    let mut matrix = [[0usize; 6]; 6];
    for (g, p) in gold.iter().zip(predicted) {
        matrix[g.index()][p.index()] += 1;
    }
    println!("| tone | precision | recall | F1 | gold | predicted |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut f1_sum = 0.0;
    for t in Tone6::ALL {
        let i = t.index();
        let tp = matrix[i][i] as f64;
        let gold_n: usize = matrix[i].iter().sum();
        let pred_n: usize = matrix.iter().map(|row| row[i]).sum();
        let p = ratio(tp, pred_n as f64);
        let r = ratio(tp, gold_n as f64);
        let f = ratio(2.0 * p * r, p + r);
        f1_sum += f;
        println!(
            "| {} | {p:.3} | {r:.3} | {f:.3} | {gold_n} | {pred_n} |",
            t.name()
        );
    }
    let correct: usize = (0..6).map(|i| matrix[i][i]).sum();
    println!(
        "\nmacro-F1 **{:.3}**, accuracy {:.3}\n",
        f1_sum / 6.0,
        ratio(correct as f64, gold.len() as f64)
    );
    println!("Confusion matrix (rows: true tone, columns: predicted):\n");
    println!(
        "| true \\ predicted | {} |",
        Tone6::ALL.map(|t| t.name()).join(" | ")
    );
    println!("|---|{}", "---:|".repeat(6));
    for t in Tone6::ALL {
        let row = matrix[t.index()].map(|n| n.to_string()).join(" | ");
        println!("| {} | {row} |", t.name());
    }
    println!();
}

/// How often the tagger is right within each confidence band.
fn calibration(gold: &[Tone6], tagged: &[Tagged]) {
    let right: Vec<bool> = gold.iter().zip(tagged).map(|(g, t)| *g == t.tone).collect();
    let confidence: Vec<f32> = tagged.iter().map(|t| t.confidence).collect();
    bands(&right, &confidence);
}

/// How often the tagger is right in each band of its confidence.
fn bands(right: &[bool], confidence: &[f32]) {
    let bands = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
    println!("Confidence against accuracy:\n");
    println!("| confidence | texts | accuracy |");
    println!("|---|---:|---:|");
    for w in bands.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        let in_band: Vec<bool> = right
            .iter()
            .zip(confidence)
            .filter(|(_, c)| (lo..hi).contains(&f64::from(**c)))
            .map(|(r, _)| *r)
            .collect();
        let n = in_band.iter().filter(|r| **r).count();
        println!(
            "| {lo:.1}-{:.1} | {} | {:.3} |",
            hi.min(1.0),
            in_band.len(),
            ratio(n as f64, in_band.len() as f64)
        );
    }
    println!();
}

fn errors(go: &[(String, Tone6)], tagged: &[Tagged], n: usize) {
    let mut by_pair: BTreeMap<(Tone6, Tone6), Vec<usize>> = BTreeMap::new();
    for (i, ((_, g), t)) in go.iter().zip(tagged).enumerate() {
        if *g != t.tone {
            by_pair.entry((*g, t.tone)).or_default().push(i);
        }
    }
    println!("### Misread comments (up to {n} per pair)\n");
    for ((g, p), idx) in by_pair {
        println!("**{g} read as {p}** ({}):\n", idx.len());
        for i in idx.into_iter().take(n) {
            println!("- {} -> {}", one_line(&go[i].0), tagged[i].cues_summary());
        }
        println!();
    }
}

fn binary(truth: &[bool], pred: &[bool]) -> (f64, f64, f64) {
    let count = |want_t: bool, want_p: bool| {
        truth
            .iter()
            .zip(pred)
            .filter(|&(&t, &p)| t == want_t && p == want_p)
            .count() as f64
    };
    let (tp, fp, fn_) = (count(true, true), count(false, true), count(true, false));
    let p = ratio(tp, tp + fp);
    let r = ratio(tp, tp + fn_);
    (p, r, ratio(2.0 * p * r, p + r))
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > 160 {
        format!("{}...", flat.chars().take(160).collect::<String>())
    } else {
        flat
    }
}
