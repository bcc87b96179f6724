//! Paragraphs that are the page's, not the story's, known by what they say: a picture's credit
//! or caption, an advertisement's label or a stamp of publication, which go wherever they are
//! ([`is_aside`]), and the notes a page puts around a story (a dateline, a lone label, a call
//! to subscribe, a notice of rights, the page's controls), which go at the story's edges only
//! ([`is_page_note`]).

use super::*;

/// Whether a paragraph is one of the page's notes, which go before the story's first text
/// and after its last: a dateline or reading time ([`is_dateline`]), a label with nothing
/// after it ([`is_label`]), a call to subscribe or follow ([`is_call_to_action`]), a notice
/// of rights ([`is_rights_notice`]), the page's controls ([`is_page_control`]).
pub(super) fn is_page_note(text: &str) -> bool {
    is_dateline(text)
        || is_label(text)
        || is_call_to_action(text)
        || is_rights_notice(text)
        || is_page_control(text)
}

/// Whether a block goes wherever it is: a picture's credit or caption, an advertisement's
/// label.
pub(super) fn is_aside(b: &BlockFile) -> bool {
    matches!(b, BlockFile::Paragraph { text } if is_credit(text) || is_caption(text) || is_ad_label(text) || is_stamp(text))
}

/// Whether a short paragraph credits a picture, not the story's text: it begins with a
/// credit's label ([`CREDIT_LABELS`]: "Foto:", "Photo:", "Bild:", "(Credit: ...)", "©") and
/// is at most [`CREDIT_BYTES`] long, ending no sentence.
fn is_credit(text: &str) -> bool {
    let text = text.trim();
    if text.len() > CREDIT_BYTES || text.ends_with(['.', '!', '?']) {
        return false;
    }
    let lower = text
        .trim_start_matches(['(', '['])
        .trim_start()
        .to_lowercase();
    CREDIT_LABELS.iter().any(|l| {
        lower.strip_prefix(l).is_some_and(|rest| {
            // A label ends where a word does: "Photo:" and "Photograph by", not "Photosynthesis".
            l.ends_with([':', ' ', '©']) || rest.starts_with([':', ' ', '\u{a0}'])
        })
    })
}

/// The longest picture credit.
const CREDIT_BYTES: usize = 80;

/// How a picture's credit begins, lower-cased.
const CREDIT_LABELS: &[&str] = &[
    "©",
    "(c) ",
    "photo",
    "photos",
    "photograph by",
    "foto",
    "fotos",
    "bild",
    "titelbild",
    "image",
    "imagen",
    "credit",
    "credits",
    "crédit",
    "crédits",
    "crédito",
    "créditos",
    "bildquelle",
    "fotoquelle",
];

/// Whether a short paragraph is a picture's caption: it ends with the picture's credit
/// ("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", "... Foto:
/// Andina"), a label of [`CAPTION_CREDITS`] followed by at most [`CAPTION_CREDIT_WORDS`]
/// words that end no sentence, and is at most [`CAPTION_BYTES`] long.
fn is_caption(text: &str) -> bool {
    let text = text.trim();
    if text.len() > CAPTION_BYTES || text.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    let lower = text.to_lowercase();
    CAPTION_CREDITS.iter().any(|label| {
        lower.rfind(label).is_some_and(|at| {
            let credit = &lower[at + label.len()..];
            let words = credit.split_whitespace().count();
            at > 0 && (1..=CAPTION_CREDIT_WORDS).contains(&words)
        })
    })
}

/// The longest caption with a credit ([`is_caption`]), and the most words of its credit.
const CAPTION_BYTES: usize = 250;
const CAPTION_CREDIT_WORDS: usize = 6;

/// How a credit at the end of a caption begins, lower-cased.
const CAPTION_CREDITS: &[&str] = &[
    "©",
    "(c) ",
    "photo:",
    "photos:",
    "foto:",
    "fotos:",
    "bild:",
    "image:",
    "imagen:",
    "credit:",
    "crédit:",
    "crédito:",
    "bildquelle:",
    "fotoquelle:",
];

/// Whether a paragraph is the page's notice of its rights ("© 2022, ...", "This article is
/// the copyrighted property of ...", "Dieser Text wurde veröffentlicht unter der Lizenz
/// CC-BY-NC-ND", "Materiał chroniony prawem autorskim"), at most [`RIGHTS_BYTES`] long. A
/// credit that begins with "©" and no year ("© Provided by ...") is not one.
fn is_rights_notice(text: &str) -> bool {
    if text.len() > RIGHTS_BYTES {
        return false;
    }
    let lower = text.to_lowercase();
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    let year_after = |rest: &str| {
        let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        rest.len() >= 4
            && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && !rest[4..].starts_with(|c: char| c.is_alphanumeric())
    };
    let dated = start
        .strip_prefix('©')
        .or_else(|| start.strip_prefix("copyright"))
        .is_some_and(year_after);
    dated || has_phrase(&lower, RIGHTS_PHRASES)
}

/// What a notice of rights says, lower-cased ([`has_phrase`]).
const RIGHTS_PHRASES: &[&str] = &[
    "all rights reserved",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "tous droits réservés",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "wszelkie prawa zastrzeżone",
    "chroniony prawem autorskim",
    "copyrighted property",
    "under the license cc",
    "unter der lizenz cc",
];

/// Whether `lower` holds one of `phrases` at the start of a word; a phrase that ends with `$`
/// must end a word too ("rating$" is not in "frustrating", nor in "ratings").
fn has_phrase(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| {
        let (phrase, whole) = match phrase.strip_suffix('$') {
            Some(p) => (p, true),
            None => (*phrase, false),
        };
        lower.match_indices(phrase).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + phrase.len()..].chars().next();
            let starts_word = !before.is_some_and(char::is_alphanumeric);
            let ends_word = !after.is_some_and(char::is_alphanumeric);
            starts_word && (ends_word || !whole)
        })
    })
}

/// The longest notice of rights ([`is_rights_notice`]).
const RIGHTS_BYTES: usize = 400;

/// Whether a short paragraph is one of the page's controls rather than text: comments
/// ("Kommentare schreiben", "Keine Kommentare", "0 COMMENTS"), ratings, sharing, printing,
/// going back or loading more ("zurück", "drukuj", "Lade weitere Inhalte ..."), at most
/// [`CONTROL_BYTES`] long. Whole words only: "frustrating" holds no rating.
fn is_page_control(text: &str) -> bool {
    text.len() <= CONTROL_BYTES && has_phrase(&text.to_lowercase(), CONTROL_WORDS)
}

/// The words of a page's controls, lower-cased ([`has_phrase`]).
const CONTROL_WORDS: &[&str] = &[
    "kommentar",
    "comment$",
    "comments$",
    "bewertung",
    "rating$",
    "ratings$",
    "share$",
    "teilen$",
    "print$",
    "drucken$",
    "drukuj$",
    "zurück$",
    "weiter zu$",
    "loading$",
    "load more$",
    "lade weitere$",
    "valora$",
    "nützlich$",
];

/// The longest control ([`is_page_control`]).
const CONTROL_BYTES: usize = 100;

/// Whether a short paragraph asks the reader to subscribe, sign up, follow or download, in
/// English, German, Spanish, French, Polish or Portuguese ("Subscribe now to our eNATION
/// edition", "Follow The Gleaner on Twitter", "¡Mira lo que tiene nuestro canal de YouTube!").
/// At most [`CALL_BYTES`] long; left out at the story's edges only, where a page puts its own
/// notes, so a story's sentence about a newsletter stays.
fn is_call_to_action(text: &str) -> bool {
    text.len() <= CALL_BYTES && has_phrase(&text.to_lowercase(), CALLS)
}

/// How a page asks its reader to subscribe, sign up, follow or download, lower-cased
/// ([`has_phrase`]).
const CALLS: &[&str] = &[
    // English
    "subscri",
    "sign up",
    "newsletter",
    "follow us",
    "follow the",
    "follow @",
    "download the",
    "download our",
    "our app$",
    "the app$",
    "support our$",
    "support us$",
    "become a member",
    "become a subscriber",
    "join our$",
    "letter to the editor",
    "letters to the editor",
    // German
    "abonnier",
    "melden sie sich",
    "folgen sie uns",
    "folge uns",
    "mitglied werden",
    "werden sie mitglied",
    "registrieren$",
    "unterstützen sie",
    // Spanish
    "suscrib",
    "suscríb",
    "siguenos",
    "síguenos",
    "descarga la",
    "descarga nuestra",
    "unete$",
    "únete$",
    "hazte miembro",
    "hazte socio",
    "canal de youtube",
    "canal de telegram",
    "canal de whatsapp",
    // French
    "abonnez",
    "inscrivez",
    "suivez-nous",
    "téléchargez",
    // Polish
    "subskrypc",
    "obserwuj",
    // Portuguese
    "assine$",
    "inscreva",
    "siga-nos",
];

/// The longest call to action ([`is_call_to_action`]).
const CALL_BYTES: usize = 300;

/// Whether a paragraph is an advertisement's label alone ("Anzeige", "- Anzeige-",
/// "Advertisement:"), in the languages of [`AD_LABELS`].
fn is_ad_label(text: &str) -> bool {
    let label = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    AD_LABELS.contains(&label.as_str())
}

/// An advertisement's label, lower-cased.
const AD_LABELS: &[&str] = &[
    "ad",
    "advertisement",
    "sponsored",
    "anzeige",
    "werbung",
    "gesponsert",
    "publicidad",
    "anuncio",
    "publicité",
    "pubblicità",
    "reklama",
];

/// Whether a paragraph is a label whose content is not there ("Kontakt:", "Mehr Themen:",
/// "Von:"): at most [`LABEL_BYTES`] and [`LABEL_WORDS`] words, ending with a colon. Left
/// out at the story's edges only: inside the story a label heads what follows it.
fn is_label(text: &str) -> bool {
    let text = text.trim();
    text.len() <= LABEL_BYTES
        && text.split_whitespace().count() <= LABEL_WORDS
        && text.ends_with(':')
}

/// The longest label ([`is_label`]), in bytes and in words.
const LABEL_BYTES: usize = 40;
const LABEL_WORDS: usize = 4;

/// Whether a short paragraph is the story's dateline or reading time, not its text: a date
/// ("24. März 2004, 19:49 | Genesis", "Published: 03.04.2020", "2021-10-16 | News") or a
/// reading time ("4 Min Read", "weiterlesen 5 Minuten") with at most [`DATELINE_WORDS`] other
/// words, not ending a sentence ("The hearing is on March 3, 2021." is the story's).
fn is_dateline(text: &str) -> bool {
    use std::sync::LazyLock;
    const MONTHS: &str = "jan|januar|january|janvier|enero|gennaio|janeiro|januari|feb|febr|februar|february|février|fevrier|febrero|febbraio|fevereiro|februari|mar|mär|märz|maerz|march|mars|marzo|março|maart|apr|april|avril|abril|aprile|may|mai|mayo|maggio|maio|mei|jun|juni|june|juin|junio|giugno|junho|jul|juli|july|juillet|julio|luglio|julho|aug|august|août|aout|agosto|augustus|sep|sept|september|septembre|septiembre|setembro|settembre|oct|okt|oktober|october|octobre|octubre|ottobre|outubro|nov|november|novembre|noviembre|novembro|dec|dez|dezember|december|décembre|decembre|diciembre|dicembre|dezembro";
    static DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\b(\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.?\s+(de\s+)?({MONTHS})\.?\s+(de\s+)?\d{{4}}|({MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d+\s*(min|mins|minute|minutes|minuten|minutos|minuti)\.?\s+(read|reading|lesezeit|lesen|de\s+lectura|de\s+lecture|di\s+lettura|de\s+leitura)\b|(lesezeit|lesedauer|reading\s+time|read\s+time|temps\s+de\s+lecture|tiempo\s+de\s+lectura|tempo\s+di\s+lettura|weiterlesen)\W*\d+\s*(min|mins|minute|minutes|minuten|minutos|minuti)\b)"
        ))
        .expect("a valid pattern")
    });
    let text = text.trim();
    // Every date and reading time has a digit: the expression, which takes milliseconds to
    // build in each process, is built only for a paragraph that could be one.
    if text.len() > DATELINE_BYTES
        || text.ends_with(['.', '!', '?'])
        || !text.chars().any(char::is_numeric)
    {
        return false;
    }
    // Lower-cased here rather than matched without case: the expression builds faster.
    let lower = text.to_lowercase();
    let Some(found) = DATE.find(&lower) else {
        return false;
    };
    let rest = format!("{} {}", &lower[..found.start()], &lower[found.end()..]);
    rest.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count()
        <= DATELINE_WORDS
}

/// Whether a paragraph stamps the story with when it was published or updated, not its
/// text: a dateline ([`is_dateline`]) that begins with such a label ("Aktualisiert:
/// 11.04.2020, 10:27", "Stand: 05. Februar 2020", "Updated March 3, 2021"), [`STAMPS`].
fn is_stamp(text: &str) -> bool {
    let text = text.trim().trim_end_matches('.');
    if text.len() > DATELINE_BYTES {
        return false;
    }
    let lower = text.to_lowercase();
    STAMPS.iter().any(|l| lower.starts_with(l)) && is_dateline(text)
}

/// How a stamp of publication or update begins, lower-cased.
const STAMPS: &[&str] = &[
    "updated",
    "last updated",
    "published",
    "aktualisiert",
    "zuletzt aktualisiert",
    "veröffentlicht",
    "stand:",
    "publié",
    "mis à jour",
    "publicado",
    "actualizado",
    "pubblicato",
    "aggiornato",
];

/// The longest dateline ([`is_dateline`]), and the most words it has besides its date.
const DATELINE_BYTES: usize = 100;
const DATELINE_WORDS: usize = 6;
