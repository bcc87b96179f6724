//! Tone tagger benchmark: `cargo bench --bench tagger`.
//!
//! Tags a fixed set of 200 posts written here (short replies, emoji, sarcasm, long rants; not
//! taken from any data set) and reports the time for the whole set; criterion's throughput line
//! gives posts per second, and the per-post time is printed after the run. The target is
//! <= 5 us per post on the release build (issue 5). For comparison, the same posts go through
//! vader-parity's `polarity_scores`, which computes only VADER's valence, without cues.

use std::hint::black_box;
use std::time::Instant;

use chorus::tone::tag;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the chorus binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Replies of every kind the tagger meets, written for this benchmark.
const REPLIES: &[&str] = &[
    "Thank you so much for writing this, it really helped me.",
    "lol",
    "This is the dumbest take I've read all week.",
    "I'm so sorry for your loss. Sending hugs.",
    "Don't worry, it gets better. It really does.",
    "The match starts at 3pm.",
    "😂😂😂",
    "❤️",
    "Congratulations, well done!",
    "you people never learn",
    "Great idea but you clearly didn't think it through",
    "Oh great, another meeting that could have been an email /s",
    "Not bad at all, honestly.",
    "That's not funny.",
    "Does anyone know where the original article is?",
    "I agree with every word of this.",
    "Nobody cares about your opinion, get over it.",
    "Educate yourself before posting nonsense like this.",
    "Hang in there, you'll get through this.",
    "hahahaha this is gold",
    "I've been there. It's awful, and I'm sorry you're going through it.",
    "Fingers crossed for tomorrow 🤞",
    "Good luck with the interview!",
    "What a beautiful photo 😍",
    "Can someone explain what the second chart shows?",
    "He was born in 1962 and moved to Lyon in 1990.",
    "So proud of you 👏👏",
    "This made my day, thank you",
    "Absolutely disgusting behaviour from the council.",
    "Why would anyone think this is a good idea?",
    "I miss him every day.",
    "At least nobody was hurt.",
    "It's okay to take a break. You deserve it.",
    "That's hilarious 🤣",
    "Obviously you didn't read the article.",
    "You should be ashamed of yourself.",
    "Well said.",
    "Exactly this.",
    "RIP legend 💔",
    "ugh, not again",
    "I hope they find the people responsible.",
    "The report is 40 pages long and mostly tables.",
    "Can't wait for the next episode!!!",
    "Are you serious right now?",
    "Wow. Just wow.",
    "my bad, I misread the headline",
    "Take care of yourself, okay?",
    "This is NOT okay and everyone involved should resign.",
    "I'm not sure that's right, but I see your point.",
    "lmaooo the cat at the end",
    "Sounds like a plan.",
    "Keep it up, you're doing great!",
    "How dare they cancel the show after one season",
    "That must be so hard for your family.",
    "I laughed way too hard at this",
    "Who cares? Move on.",
    "Please share the source when you get a chance.",
    "It was raining when we arrived, so we stayed in.",
    "This is why we can't have nice things 🙄",
    "You got this! 💪",
    "Such a wholesome thread.",
    "Terrible writing, lazy research, and a clickbait title.",
    "The bus was late again this morning.",
    "I feel you. Same thing happened to me last year.",
    "No worries, happens to everyone.",
    "Thanks for the correction!",
    "That's a joke, right?",
    "what a joke of a referee",
    "I'm crying 😭😭",
    "Phew, that was close.",
    "LOL no",
    "Imagine thinking this is journalism.",
    "Not my favourite episode but still fun.",
    "Brilliant analysis, thank you.",
    "The store opens at nine on weekdays.",
    "get well soon!!",
    "Stop whining and do something about it.",
    "I can't believe how good this is.",
    "Seriously? This again?",
    "Huge respect for the nurses who worked through it.",
    "You clearly have no idea what you're talking about.",
    "It'll work out, it always does.",
    "Interesting. I hadn't thought of it that way.",
    "This is so sad :(",
    "Well, that escalated quickly 😅",
    "Is there a transcript somewhere?",
    "Worst customer service I've ever had.",
    "Best thread on here today.",
    "Sorry, I don't follow. Which study?",
    "All the best for the move!",
    "Love this so much <3",
    "The council meets on Tuesday to vote on the budget.",
    "Pathetic. Absolutely pathetic.",
    "Hopefully they fix it in the next update.",
    "You're not alone in this.",
    "Funniest thing I've seen all week",
    "Read the room, man.",
    "The numbers in paragraph three don't add up.",
    "So happy for you both!",
    "My condolences to the family.",
];

/// Longer posts: several sentences, some of them quoted from the replies above.
const LONG: &[&str] = &[
    "I read the whole piece twice. The first half is careful and well sourced, but the second \
     half falls apart: the quotes are out of context and the conclusion doesn't follow from \
     anything that came before. Disappointing, honestly.",
    "My dad went through the same thing two years ago. The first months were the hardest, and \
     there were days he didn't want to get out of bed. It gets better. Don't be too hard on \
     yourself, and take it one day at a time.",
    "OK so I tried this recipe last night and it was AMAZING. The kids asked for seconds, which \
     never happens. Thank you for posting it!! Next time I'll add more garlic though lol",
    "Anyone who still believes this has clearly never opened a history book. The evidence has \
     been there for decades, you just choose to ignore it because it doesn't fit your story.",
    "The meeting covered three items: the new timetable, the budget for next year, and the \
     parking changes on Elm Street. Minutes will be posted on the website by Friday.",
];

fn posts() -> Vec<String> {
    let mut out: Vec<String> = REPLIES.iter().map(|s| s.to_string()).collect();
    out.extend(LONG.iter().map(|s| s.to_string()));
    // Pairs of replies make two-sentence posts with mixed tones ("thanks! but ...").
    let mut i = 0;
    while out.len() < 200 {
        let a = REPLIES[i % REPLIES.len()];
        let b = REPLIES[(i * 7 + 3) % REPLIES.len()];
        out.push(format!("{a} {b}"));
        i += 1;
    }
    out
}

fn bench_tagger(c: &mut Criterion) {
    let posts = posts();
    // Build the lookup tables before timing.
    black_box(tag("warm up"));

    let mut group = c.benchmark_group("tone");
    group.throughput(Throughput::Elements(posts.len() as u64));
    group.bench_function("tag_200_posts", |b| {
        b.iter(|| {
            for p in &posts {
                black_box(tag(black_box(p)));
            }
        })
    });
    let vader = vader_parity::SentimentIntensityAnalyzer::new();
    group.bench_function("vader_parity_200_posts", |b| {
        b.iter(|| {
            for p in &posts {
                black_box(vader.polarity_scores(black_box(p)));
            }
        })
    });
    group.finish();

    // A 100 KB post: only its first MAX_BYTES are read, so this stays bounded.
    let huge = LONG[3].repeat(100 * 1024 / LONG[3].len() + 1);
    c.bench_function("tone/tag_100kb_post", |b| {
        b.iter(|| black_box(tag(black_box(&huge))))
    });

    // A plain per-post figure, for docs/tone.md.
    let rounds = 2000;
    let started = Instant::now();
    for _ in 0..rounds {
        for p in &posts {
            black_box(tag(black_box(p)));
        }
    }
    let per_post = started.elapsed().as_secs_f64() * 1e6 / (rounds * posts.len()) as f64;
    eprintln!(
        "chorus-bench: tag() {per_post:.2} us per post over {} posts (target <= 5 us)",
        posts.len()
    );
}

/// Posts of the lengths a generated thread has (`chorus gen`, seed 1): the texts the reader
/// tags in the background, longer and more varied than the short replies above.
fn bench_generated(c: &mut Criterion) {
    let mut bytes = Vec::new();
    chorus::synth::write_bundle(2_000, 1, &mut bytes).expect("generate");
    let doc = chorus::load::load(
        chorus::load::Input::Bytes {
            name: std::path::Path::new("gen.json"),
            bytes: &bytes,
        },
        None,
        &chorus::load::Limits::default(),
    )
    .expect("load");
    let texts: Vec<&str> = doc.posts().map(|p| p.text).collect();
    let mean = texts.iter().map(|t| t.len()).sum::<usize>() / texts.len();
    eprintln!(
        "chorus-bench: {} generated posts, {mean} bytes each on average",
        texts.len()
    );
    let mut group = c.benchmark_group("tone");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("tag_2000_generated_posts", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(tag(black_box(t)));
            }
        })
    });
    // What the reader's background tagging calls: the tone and confidence, cues not named.
    group.bench_function("tone_of_2000_generated_posts", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(chorus::tone::tagger::tone_of(black_box(t)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_tagger, bench_generated);
criterion_main!(benches);
