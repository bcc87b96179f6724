//! The rules on texts written for each rule (without the model), then the whole tagger.

use super::*;

fn tone(text: &str) -> Tone6 {
    rules_only(text).tone
}

fn has_rule(t: &Tagged, rule: &str) -> bool {
    t.cues.iter().any(|c| c.rule == rule)
}

#[test]
fn tone_names_follow_the_default_tones() {
    for (t, name) in Tone6::ALL.iter().zip(DEFAULT_TONES) {
        assert_eq!(t.name(), name);
        assert_eq!(Tone6::from_name(name), Some(*t));
    }
}

#[test]
fn the_team_sentences() {
    assert_eq!(tone("don't worry, it gets better"), Tone6::Reassuring);
    assert_eq!(tone("I'm so sorry for your loss"), Tone6::Empathetic);
    assert_eq!(tone("you people never learn"), Tone6::Critical);
    assert_eq!(tone("Congratulations, well done!"), Tone6::Supportive);
    assert_eq!(tone("The match starts at 3pm."), Tone6::Neutral);
    assert_eq!(tone("lol that's hilarious"), Tone6::Humorous);
    assert_eq!(
        tone("Hang in there, you'll get through this."),
        Tone6::Reassuring
    );
    assert_eq!(tone("Nobody cares, get over it."), Tone6::Critical);
    assert_eq!(
        tone("Thank you so much, this helped a lot"),
        Tone6::Supportive
    );
}

#[test]
fn dont_worry_is_not_a_negated_worry() {
    let t = rules_only("Don't worry about it.");
    assert_eq!(t.tone, Tone6::Reassuring);
    assert!(!has_rule(&t, "negated"), "{t:?}");
    assert_eq!(t.cues[0].text, "Don't worry");
    assert_eq!(t.cues[0].rule, "reassuring:phrase");
    // Curly apostrophe and the apostrophe-less spelling read the same.
    assert_eq!(tone("Don\u{2019}t worry about it."), Tone6::Reassuring);
    assert_eq!(tone("dont worry about it"), Tone6::Reassuring);
}

#[test]
fn negation() {
    // A negated insult is not criticism, a negated joke is not humour.
    for text in [
        "not bad at all",
        "This is not bad at all.",
        "Honestly not bad!",
    ] {
        assert_ne!(tone(text), Tone6::Critical, "{text}");
    }
    for text in [
        "not funny",
        "That's not funny.",
        "I don't think that's funny at all",
    ] {
        assert_ne!(tone(text), Tone6::Humorous, "{text}");
    }
    // Negating a compliment makes it a criticism.
    let t = rules_only("This is not good, not helpful and not funny.");
    assert_eq!(t.tone, Tone6::Critical);
    assert!(has_rule(&t, "negated"), "{t:?}");
    // Negation stays inside its clause: "no" before a comma does not flip the praise.
    assert_eq!(tone("No, this is wonderful!"), Tone6::Supportive);
    // Laughter is not negated by a "not" before it.
    assert_eq!(tone("I'm not surprised haha"), Tone6::Humorous);
}

#[test]
fn but_clause_weighs_what_follows() {
    let t = rules_only("great idea but you clearly didn't think it through");
    assert_eq!(t.tone, Tone6::Critical, "{t:?}");
    assert!(has_rule(&t, "but-clause"));
    let t = rules_only("The plot was a bit slow but the ending was wonderful and moving");
    assert_eq!(t.tone, Tone6::Supportive, "{t:?}");
}

#[test]
fn emoji() {
    let t = rules_only("😂😂");
    assert_eq!(t.tone, Tone6::Humorous);
    assert_eq!(t.cues[0].text, "😂");
    assert_eq!(t.cues[0].rule, "humorous:emoji");
    assert_eq!(tone("❤️"), Tone6::Supportive);
    assert_eq!(tone("❤"), Tone6::Supportive);
    assert_eq!(tone("😢"), Tone6::Empathetic);
    assert_eq!(tone("so proud of you 👏🏽👏🏽"), Tone6::Supportive);
    assert_eq!(tone("🙄"), Tone6::Critical);
    assert_eq!(tone("this one 🤣"), Tone6::Humorous);
    // Emoticons as well as emoji.
    assert_eq!(tone("that's so sad :("), Tone6::Empathetic);
    assert_eq!(tone("Love you <3"), Tone6::Supportive);
}

#[test]
fn sarcasm_markers() {
    let t = rules_only("Oh great, another Monday /s");
    assert_eq!(t.tone, Tone6::Humorous);
    assert!(has_rule(&t, "sarcasm:/s"), "{t:?}");
    assert!(t.cues.iter().any(|c| c.text == "/s"));
    // The praise in a sarcastic post is not counted as praise.
    assert!(!has_rule(&t, "vader:positive"));
    assert_eq!(tone("Wow, what a genius move. /s"), Tone6::Humorous);
    assert_eq!(tone("I was kidding about the cake /j"), Tone6::Humorous);
    // A slash inside a word is not a marker.
    assert_eq!(tone("and/s or"), Tone6::Neutral);
}

#[test]
fn laughter_spelled_out() {
    for text in ["hahahaha", "LMAOOO", "bwahaha that's it", "lool", "hehehe"] {
        assert_eq!(tone(text), Tone6::Humorous, "{text}");
    }
}

#[test]
fn empty_and_emoji_only() {
    for text in [
        "",
        "   ",
        "\n\t",
        ".",
        "?!",
        "🚗",
        "🚗🚗🚗",
        "👍🏽",
        "\u{FE0F}\u{200D}",
    ] {
        let t = rules_only(text);
        assert!((0.0..=1.0).contains(&t.confidence), "{text:?}: {t:?}");
    }
    let t = rules_only("");
    assert_eq!(t.tone, Tone6::Neutral);
    assert!(t.cues.is_empty());
    assert_eq!(tone("🚗"), Tone6::Neutral);
    assert_eq!(tone("👍🏽"), Tone6::Supportive);
    // Thanks or prayers: too ambiguous alone to call.
    assert_ne!(tone("🙏"), Tone6::Critical);
}

#[test]
fn questions_lean_neutral() {
    assert_eq!(tone("Is the match at 3pm?"), Tone6::Neutral);
    assert_eq!(
        tone("Does anyone know a good place to eat?"),
        Tone6::Neutral
    );
}

#[test]
fn worried_questions_stay_questions() {
    assert_eq!(tone("Are you sick?"), Tone6::Neutral);
    assert_eq!(tone("Is your dog sick?"), Tone6::Neutral);
    assert_eq!(tone("Was your flight cancelled?"), Tone6::Neutral);
}

#[test]
fn a_phrase_marked_commas_may_span_a_comma() {
    for text in [
        "Sure, Jan.",
        "Yeah, right.",
        "Surprise, surprise, the price went up.",
    ] {
        let t = rules_only(text);
        assert_eq!(t.tone, Tone6::Critical, "{text}");
        assert_eq!(t.cues[0].rule, "critical:phrase", "{text}");
    }
    // Other phrases stay within their clause: "good, luck" is not "good luck", and a
    // phrase never spans two sentences.
    assert!(
        !rules_only("It was good, luck had nothing to do with it.")
            .cues
            .iter()
            .any(|c| c.rule == "reassuring:phrase")
    );
    assert_ne!(tone("Sure. Jan will call you."), Tone6::Critical);
}

#[test]
fn everyday_replies_are_not_critical() {
    for text in [
        "If it makes you feel better, my first attempt was way worse.",
        "You're hysterical, I love it",
        "Nothing better than a rainy day to curl up and read a book.",
        "The kids go back to school next week, finally!",
        "Read up on the history of the bridge, it's fascinating.",
        "Here are the main talking points for tomorrow's meeting.",
        "Enlighten me, I genuinely don't know how this works.",
        "Who knew baking bread could be this relaxing",
        "I was totally incoherent after the surgery",
        "Oh, sure, I can bring the chairs.",
        "Oh, great, thanks for letting me know!",
    ] {
        assert_ne!(tone(text), Tone6::Critical, "{text}");
    }
}

#[test]
fn second_person_judgement() {
    let t = rules_only("You're an idiot.");
    assert_eq!(t.tone, Tone6::Critical);
    assert_eq!(t.cues[0].text, "idiot");
    assert!(has_rule(&t, "second-person"));
    assert_eq!(
        tone("Obviously you didn't read the article."),
        Tone6::Critical
    );
    assert_eq!(tone("Educate yourself before commenting."), Tone6::Critical);
}

#[test]
fn unaimed_negativity_in_a_long_text_is_not_criticism() {
    // Negative words that describe what happened, aimed at no one.
    let report = "The storm destroyed hundreds of homes last night and left many families \
                  without power, afraid and cold for days.";
    assert_eq!(tone(report), Tone6::Neutral);
    // The same report with a judgement in it is criticism.
    let t = rules_only(
        "The storm destroyed hundreds of homes last night and left many families \
                 without power for days. What a disgrace.",
    );
    assert_eq!(t.tone, Tone6::Critical);
    assert_eq!(t.cues[0].text, "disgrace");
    // A short negative reaction needs no target.
    assert_eq!(tone("This is awful."), Tone6::Critical);
}

#[test]
fn unmarked_sarcasm_dismissal_and_condescension() {
    let t = rules_only("Oh, how convenient that the report came out the day after the vote.");
    assert_eq!(t.tone, Tone6::Critical);
    assert_eq!(t.cues[0].text, "how convenient");
    assert_eq!(tone("That theory is pure gibberish."), Tone6::Critical);
    let t = rules_only("Check your facts before you post again.");
    assert_eq!(t.tone, Tone6::Critical);
    assert!(has_rule(&t, "second-person"));
}

#[test]
fn caps_and_exclamation_are_cues() {
    let t = rules_only("I love this so much!!!");
    assert_eq!(t.tone, Tone6::Supportive);
    assert!(
        t.cues
            .iter()
            .any(|c| c.rule == "exclamation" && c.text == "!!!")
    );
    let calm = rules_only("this is a stupid idea");
    let loud = rules_only("this is a STUPID idea");
    assert_eq!(loud.tone, Tone6::Critical);
    assert!(loud.confidence >= calm.confidence);
}

#[test]
fn a_very_long_post_is_read_up_to_the_cap_only() {
    // The work is bounded by the cap, not the post: a 100 KiB post is tagged exactly as
    // its first MAX_BYTES are, whatever follows them. (Its time is in benches/tagger.rs.)
    let sentence = "I really think you should read the whole thing before judging, lol. ";
    let text = sentence.repeat(100 * 1024 / sentence.len() + 1);
    assert!(text.len() >= 100 * 1024);
    let t = rules_only(&text);
    assert_eq!(t, rules_only(capped(&text)));
    assert!(capped(&text).len() <= MAX_BYTES);
    let shouting = format!("{}{}", capped(&text), "YOU ARE ALL IDIOTS!!! ".repeat(1000));
    assert_eq!(rules_only(&shouting), t);
    assert!((0.0..=1.0).contains(&t.confidence));
    // Multi-byte characters at the cut never split a character.
    let emoji = "😂".repeat(40_000);
    assert_eq!(tone(&emoji), Tone6::Humorous);
    let mixed = format!("{}é{}", "a".repeat(MAX_BYTES - 1), "b".repeat(10));
    let _ = rules_only(&mixed);
}

#[test]
fn confidence_range_and_cues_for_every_call() {
    let texts = [
        "Thanks!",
        "lol",
        "you people never learn",
        "I hope you feel better soon",
        "What a joke of a referee.",
        "RIP, he was a legend",
        "Good luck tomorrow, you've got this!",
        "Not sure what you mean",
        "wtf is this",
        "This is the worst take I have ever read, and I read a lot of takes.",
        "¿Qué? ½ ∞ \u{202E}reversed\u{202C} \u{0}",
        "@someone https://example.com #tag",
        "a'b 'quoted' it's ''",
        ":) :( :D xD ;)",
        "I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I I",
    ];
    for text in texts {
        let t = rules_only(text);
        assert!((0.0..=1.0).contains(&t.confidence), "{text}: {t:?}");
        if t.tone != Tone6::Neutral {
            assert!(!t.cues.is_empty(), "{text}: {t:?}");
        }
        assert!(!t.cues_summary().contains('\n'));
        // Deterministic.
        assert_eq!(rules_only(text), t);
    }
}

#[test]
fn summary_reads_as_one_line() {
    let t = rules_only("you people never learn");
    assert_eq!(
        t.cues_summary(),
        format!(
            "critical {:.2}: \"you people\" (critical:phrase), \"you\" (second-person)",
            t.confidence
        )
    );
    assert!(
        rules_only("The match starts at 3pm.")
            .cues_summary()
            .ends_with(": no tone cues")
    );
}

#[test]
fn tone_lines_writes_one_line_per_input() {
    let input = "don't worry, it gets better\n\nThe match starts at 3pm.\r\nlol\tok\n\
                 thank you so much, this made my day!!\n\u{FF}x";
    let mut out = Vec::new();
    let mut bytes = input.as_bytes().to_vec();
    bytes.pop();
    bytes.pop();
    bytes.extend_from_slice(&[0xFF, b'x']);
    tone_lines(&bytes[..], &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(lines[0].starts_with("reassuring\t"), "{}", lines[0]);
    assert!(lines[1].starts_with("neutral\t"));
    assert!(lines[2].starts_with("neutral\t"));
    assert!(lines[3].starts_with("humorous\t"));
    assert!(lines[4].starts_with("supportive\t"), "{}", lines[4]);
    // Where the model decided, each cue is `text:rule weight`, what the feature added.
    let cues = lines[4].split('\t').nth(2).unwrap();
    assert!(cues.contains("thank:word +"), "{cues}");
    for cue in cues.split(", ") {
        let (named, weight) = cue.rsplit_once(' ').unwrap();
        assert!(
            weight.starts_with('+') && weight.parse::<f32>().is_ok(),
            "{cue}"
        );
        assert!(named.contains(':'), "{cue}");
    }
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line:?}");
        assert!(Tone6::from_name(fields[0]).is_some());
        assert_eq!(fields[1].len(), 4);
        let c: f32 = fields[1].parse().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
}

// The whole tagger, with the trained model ------------------------------------------------------

#[test]
fn the_shipped_model_loads_and_decides() {
    assert!(
        model::shipped().is_some(),
        "data/tone-model.bin is not a model"
    );
    for text in [
        "Thank you so much, this is wonderful!",
        "You people never learn, this is pathetic.",
        "lmao this is the funniest thing I've seen all week 😂",
        "The meeting is at 3pm in room 4.",
    ] {
        let t = tag(text);
        assert!(
            (0.0..=1.0).contains(&t.confidence),
            "{text}: {}",
            t.confidence
        );
        assert_eq!(tone_of(text), (t.tone, t.confidence), "{text}");
    }
    assert_eq!(
        tag("Thank you so much, this is wonderful!").tone,
        Tone6::Supportive
    );
    assert_eq!(
        tag("lmao this is the funniest thing I've seen all week 😂").tone,
        Tone6::Humorous
    );
}

#[test]
fn a_model_tone_is_explained_by_weighted_features() {
    let t = tag("Thank you so much, this is wonderful!");
    assert!(!t.cues.is_empty());
    assert!(
        t.cues.iter().all(|c| c.weight.is_some_and(|w| w > 0.0)),
        "{:?}",
        t.cues
    );
    // Strongest first, and named as written.
    let w: Vec<f32> = t.cues.iter().filter_map(|c| c.weight).collect();
    assert!(w.windows(2).all(|p| p[0] >= p[1]), "{w:?}");
    let summary = t.cues_summary();
    assert!(summary.starts_with("supportive "), "{summary}");
    assert!(summary.contains(" +"), "{summary}");
}

#[test]
fn the_model_features_are_the_same_for_the_same_text() {
    let a = featurize("Not funny at all, honestly.");
    let b = featurize("Not funny at all, honestly.");
    assert_eq!(a.dense, b.dense);
    assert_eq!(
        a.hashed.iter().map(|h| h.bucket).collect::<Vec<_>>(),
        b.hashed.iter().map(|h| h.bucket).collect::<Vec<_>>()
    );
    // "funny" inside "not" is a feature of its own.
    assert!(
        a.hashed
            .iter()
            .any(|h| h.kind == model::FeatureKind::Negated)
    );
}

#[test]
fn a_strong_rule_or_an_unsure_model_leaves_the_rules_answer() {
    // A tone-lexicon phrase with nothing against it, where the model is unsure.
    let t = tag("don't worry, it gets better");
    assert_eq!(t.tone, Tone6::Reassuring, "{}", t.cues_summary());
    assert!(t.cues.iter().all(|c| c.weight.is_none()), "the rules' cues");
    // No tone in the rules, and the model unsure of one: neutral, not praise.
    for text in ["The match starts at 3pm.", "The meeting is on Tuesday."] {
        assert_eq!(
            tag(text).tone,
            Tone6::Neutral,
            "{}",
            tag(text).cues_summary()
        );
    }
}

#[test]
fn the_rules_evidence_is_named_by_its_cue_and_rule() {
    let t = tag("you people never learn");
    assert_eq!(t.tone, Tone6::Critical, "{}", t.cues_summary());
    let cue = t
        .cues
        .iter()
        .find(|c| c.text == "you people")
        .expect("the phrase is a cue");
    assert_eq!(cue.rule, "critical:phrase");
    assert!(cue.weight.is_some_and(|w| w > 0.0));
}

#[test]
fn only_a_whole_model_file_is_read() {
    static SHIPPED: &[u8] = include_bytes!("../../../data/tone-model.bin");
    assert!(model::Model::read(SHIPPED).is_some());
    assert!(model::Model::read(b"CHTONE01").is_none());
    assert!(model::Model::read(b"not a model at all").is_none());
    assert!(model::Model::read(&SHIPPED[..SHIPPED.len() - 1]).is_none());
    static LONGER: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut v = SHIPPED.to_vec();
        v.push(0);
        v
    });
    assert!(model::Model::read(LONGER.as_slice()).is_none());
}
