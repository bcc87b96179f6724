//! The word lists the generator draws from. Everything here is invented: the town, its club,
//! its people.

/// Display names and handles. Non-Latin scripts, diacritics, an emoji and one name in decomposed
/// form ("Zoe\u{308}": e + combining diaeresis) exercise width and shaping.
pub(super) const AUTHORS: &[(&str, &str)] = &[
    ("Quillfen Tidal Tennis Club", "quillfen_ttc"),
    ("Zoë Ångström", "zoe_angstrom"),
    ("王小梅", "xiaomei_w"),
    ("Дмитрий", "dmitri_k"),
    ("أمينة", "amina_sea"),
    ("Tamsin Orrell", "tamsin_o"),
    ("Kofi Mensah-Clarke", "kofimc"),
    ("Priya Raghunathan", "priya_r"),
    ("Seán Ó Bríain", "sean_ob"),
    ("Mette Kjærgaard", "mettek"),
    ("Łukasz Wójcik", "lukasz_w"),
    ("Nguyễn Thị Hoa", "hoa_nguyen"),
    ("佐藤 はるか", "haruka_s"),
    ("김민지", "minji_k"),
    ("Ιωάννα Παππά", "ioanna_p"),
    ("יעל", "yael_b"),
    ("Ifeoma Okafor", "ifeoma"),
    ("Rhys ap Gwilym", "rhys_ag"),
    ("Beatriz Conceição", "bia_c"),
    ("Otis Fairweather", "otisfw"),
    ("Marguerite Lalonde", "mlalonde"),
    ("Jonas Ekdahl", "jekdahl"),
    ("Cem Yıldız", "cemyildiz"),
    ("Fenwick Tide Office", "fenwicktides"),
    ("a very tired parent", "tiredparent"),
    ("Halvard Rønning", "halvard"),
    ("Siobhán Murtagh", "siobhanm"),
    ("Olu Adeyemi", "oluadeyemi"),
    ("Ruth Penhaligon", "ruthpen"),
    ("Tomás Echeverría", "tomas_e"),
    ("Anaïs Belrose", "anais_b"),
    ("Gus Thorne", "gusthorne"),
    ("Dev Malhotra", "devm"),
    ("Hana Novák", "hana_n"),
    ("Wren Ashby", "wrenashby"),
    ("Zoe\u{308} Marsh", "zoe_marsh"),
    ("🌊 Harbour Watch 🌊", "harbourwatch"),
];

pub(super) const TITLES: &[&str] = &[
    "Quillfen bets on a tennis court the sea takes back twice a day",
    "On a sandbar off Quillfen, tennis waits for the tide",
    "The tennis club that plays by the moon's timetable",
    "Quillfen's tidal court divides a harbour town",
    "Love-all at low water: a season on the Quillfen sandbar",
];

pub(super) const REPORTERS: &[&str] = &[
    "Hester Vane",
    "Bram Oduya",
    "Colette Marsh-Iriarte",
    "Ines Carvalho-Reid",
];

pub(super) const HEADINGS: &[&str] = &[
    "A court that comes and goes",
    "What the tide tables say",
    "The view from the harbour road",
    "Rackets, boots and a seal",
    "Who pays for the lines",
    "After the last set",
];

pub(super) const SUBJECTS: &[&str] = &[
    "The harbour council",
    "Mayor Odile Brask",
    "The Quillfen Tidal Tennis Club",
    "Local fishers",
    "A spokesperson for the Fenwick tide office",
    "Residents of the harbour road",
    "The club's founder, Tamsin Orrell,",
    "Visiting players",
    "The ferry company",
    "Several parents",
    "The regional sports board",
    "Critics of the scheme",
];

pub(super) const VERBS: &[&str] = &[
    "said",
    "argued",
    "confirmed",
    "warned",
    "insisted",
    "announced",
    "admitted",
    "pointed out",
    "estimated",
    "told the Courier",
];

pub(super) const CLAIMS: &[&str] = &[
    "the court on the sandbar is playable for about four hours a day",
    "matches must now end before the tide turns",
    "the nets are taken down each evening and stored in the old lighthouse",
    "the first tournament drew more spectators than the town has residents",
    "the salt air is hard on the rackets but good for the crowd",
    "the council had not budgeted for a second set of painted lines",
    "the tide tables are printed on the back of every ticket",
    "a grey seal has twice interrupted play",
    "the club now owns more wellington boots than tennis balls",
    "the lighthouse lamp is lit to call the final set",
    "the fishing fleet has agreed to keep clear of the sandbar on match days",
    "spring tides will close the court for most of March",
    "the junior league has a waiting list for the first time",
    "the footpath to the sandbar will be widened before the summer",
];

pub(super) const TAILS: &[&str] = &[
    "",
    "",
    " last week",
    " on Saturday",
    " at a packed meeting in the chapel hall",
    ", according to minutes seen by the Courier",
    " in a statement",
    " when asked about the cost",
];

pub(super) const QUOTES: &[&str] = &[
    "We have never lost a ball to the sea that the sea did not give back",
    "You learn to serve fast when the water is at your heels",
    "Nobody here minds wet socks",
    "The tide is the only umpire nobody argues with",
    "My grandfather fished from this sandbar, and now my daughter plays on it",
];

pub(super) const PEOPLE: &[&str] = &[
    "Tamsin Orrell",
    "Mayor Odile Brask",
    "a ferry deckhand",
    "one of the junior players",
    "Ruth Penhaligon, who has lived on the harbour road for sixty years",
];

pub(super) const POST_STARTS: &[&str] = &[
    "",
    "",
    "",
    "Honestly, ",
    "Ok but ",
    "Fun fact: ",
    "Update: ",
    "Not gonna lie, ",
    "Can confirm, ",
    "Plot twist: ",
];

pub(super) const POST_BODIES: &[&str] = &[
    "my kid learned to serve on that sandbar",
    "the seal deserves a season ticket",
    "we watched the final from the ferry",
    "the tide came in during the tiebreak",
    "my grandmother remembers when the lighthouse still worked",
    "this is the most Quillfen thing ever",
    "someone has to tell the gulls about line calls",
    "the café on the quay is selling tide-table mugs now",
    "they played the last game up to their ankles",
    "the ball kids are all in wetsuits",
    "I lost three balls and one sandal",
    "the umpire's chair is bolted to a rock",
    "our baby slept through the whole match",
    "the crowd counted down the tide like it was new year",
    "you can hear the rallies from the harbour road",
    "the lamp came on and everyone cheered",
    "the article gets the length of the sandbar wrong",
    "my neighbour has been practising lobs over the harbour wall",
];

/// Emoji (a skin-tone modifier, a variation selector, a ZWJ family, a flag), CJK, combining
/// accents and right-to-left words, appended to some sentences.
pub(super) const EXTRAS: &[&str] = &[
    "🎾",
    "❤️",
    "😂",
    "👶🏽",
    "👨‍👩‍👧‍👦",
    "🌊🌊🌊",
    "🇮🇸",
    "太好了",
    "潮汐网球！",
    "すごい",
    "cafe\u{301} au lait",
    "nai\u{308}ve",
    "שלום",
    "رائع جدا",
    "отлично",
    "👏🏿👏🏿",
];

pub(super) const DESCRIPTIONS: &[&str] = &[
    "A photo of the sandbar court at low tide, nets up, with the lighthouse behind it.",
    "A short video of a long rally that ends when a wave reaches the baseline.",
    "A child's drawing of a tennis ball with a face, floating on the sea.",
    "A screenshot of the council's combined tide and fixture timetable.",
    "A photo of about forty pairs of wellington boots lined up on the quay.",
];

pub(super) fn tone_lines(tone: &str) -> Option<&'static [&'static str]> {
    let lines: &[&str] = match tone {
        "supportive" => &[
            "This is wonderful, well done everyone",
            "So proud of this town",
            "Best news I've read all week",
            "Love this so much",
            "Go Quillfen",
            "What a brilliant idea",
        ],
        "empathetic" => &[
            "I can only imagine how the fishers feel about sharing the sandbar",
            "That must have been hard for the families on the harbour road",
            "Sending love to everyone who lost their boots to the tide",
            "I understand why people are nervous about this",
            "It's hard when a place you love changes",
        ],
        "reassuring" => &[
            "Don't worry, the tide tables are published a year ahead",
            "It's fine, there are lifeguards on the sandbar for every match",
            "The nets come down every night, nothing is left to wash away",
            "The council has said the footpath stays open",
            "Nobody gets stranded, the ferry waits for the last set",
        ],
        "humorous" => &[
            "The seal has a better backhand than me",
            "Finally a sport where 'the sea ate my ball' is a valid excuse",
            "Imagine losing a tiebreak to the moon",
            "New rule: if a wave touches the line it's in",
            "My wellies have seen more tennis than I have",
        ],
        "critical" => &[
            "Who is paying for new lines every week",
            "This is a vanity project and the harbour wall still leaks",
            "Nobody asked the fishers",
            "The article leaves out the cost entirely",
            "A court that floods twice a day is not a court",
        ],
        "neutral" => &[
            "For reference, low tide today is at 14:12",
            "The council minutes are on the town website",
            "The club was founded in March",
            "The sandbar is about 80 metres long",
            "The ferry runs every 40 minutes in summer",
        ],
        "wistful" => &[
            "I used to walk the sandbar with my dad before any of this",
            "The lighthouse looked lonelier before the courts, somehow",
            "I miss the quiet beach",
        ],
        "sarcastic" => &[
            "Oh great, another brilliant council plan",
            "Yes, because what this town really needed was wet tennis",
            "Can't wait for the synchronised swimming league next",
        ],
        _ => return None,
    };
    Some(lines)
}
