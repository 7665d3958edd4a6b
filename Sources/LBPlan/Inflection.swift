import Foundation

/// A port of the rule tables of the npm `inflection` package 1.13.4 (`uncountable_words`, `plural_rules`,
/// `singular_rules` and `_apply_rules` in `lib/inflection.js`; the last 1.x, which LoopBack 3's `^1.6.0`
/// resolves to), kept exact, quirks included (`Salesman` → `Salesmans`, `Foot` → `feet`), because
/// LoopBack 3 serves a model at `/` + `pluralize(modelName)` unless the model sets `plural`, and lbrun's
/// URLs must be the same.
public enum Inflection {
    /// The plural of `word`, as `inflection.pluralize(word)` returns it.
    ///
    /// Words in the uncountable list (compared lower-cased) come back unchanged; otherwise the first rule
    /// whose pattern matches, case-insensitively, decides: rules that recognise an already plural word leave
    /// it alone, the others rewrite its end. Captured letters keep their case (`Person` → `People`,
    /// `PERSON` → `PEople`); the text a replacement adds is lower case (`Foot` → `feet`).
    public static func pluralize(_ word: String) -> String {
        apply(word, rules: pluralRules)
    }

    /// The singular of `word`, as `inflection.singularize(word)` returns it; see ``pluralize(_:)``.
    public static func singularize(_ word: String) -> String {
        apply(word, rules: singularRules)
    }
}

// MARK: - The algorithm (`_apply_rules`)

extension Inflection {
    /// `_apply_rules(str, rules, uncountable_words)`: uncountables are returned unchanged; else the first
    /// rule that matches wins, and a rule without a replacement keeps the word as it is.
    private static func apply(_ word: String, rules: [Rule]) -> String {
        if uncountableWords.contains(word.lowercased()) { return word }
        let text = NSString(string: word)
        let whole = NSRange(location: 0, length: text.length)
        for rule in rules {
            guard rule.regex.firstMatch(in: word, options: [], range: whole) != nil else { continue }
            guard let template = rule.template else { return word }
            return replaceAll(in: text, regex: rule.regex, template: template)
        }
        return word
    }

    /// `String.prototype.replace` with a global regex: every match is replaced by the template, with
    /// `$n` standing for capture group n, and a group that took no part in the match giving "".
    /// (Every pattern is anchored, so there is at most one match.)
    private static func replaceAll(in text: NSString, regex: NSRegularExpression, template: [TemplatePart]) -> String {
        let matches = regex.matches(in: text as String, options: [], range: NSRange(location: 0, length: text.length))
        var result = ""
        var cursor = 0
        for match in matches {
            result += text.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            for part in template {
                switch part {
                case .literal(let literal):
                    result += literal
                case .group(let index):
                    let range = match.range(at: index)
                    if range.location != NSNotFound { result += text.substring(with: range) }
                }
            }
            cursor = match.range.location + match.range.length
        }
        result += text.substring(from: cursor)
        return result
    }
}

// MARK: - Compiled rules

extension Inflection {
    /// One entry of a rule table: a compiled pattern and, unless the rule only recognises a word that is
    /// already in the wanted form, the replacement template.
    ///
    /// `@unchecked Sendable`: both properties are `let`s set once in `init`, and `NSRegularExpression` is
    /// immutable and documented as safe to use from several threads at once.
    private struct Rule: @unchecked Sendable {
        let regex: NSRegularExpression
        let template: [TemplatePart]?

        init(_ jsPattern: String, _ replacement: String? = nil) {
            let compiled: NSRegularExpression
            do {
                compiled = try NSRegularExpression(pattern: Self.icuPattern(jsPattern), options: [])
            } catch {
                preconditionFailure("Inflection: bad pattern \(jsPattern): \(error)")
            }
            regex = compiled
            template = replacement.map { Self.parseTemplate($0, groups: compiled.numberOfCaptureGroups) }
        }

        /// The JS pattern, compiled with flags `gi`, rewritten for ICU so it matches exactly what JS
        /// matches. JS's non-Unicode `i` flag only pairs ASCII letters with their other case, whereas ICU's
        /// case-insensitive mode also uses Unicode case folding (`ſ` matches `s`, `K` (Kelvin) matches `k`),
        /// so each letter becomes an explicit `[xX]` and the pattern is compiled case-sensitively. JS's `$`
        /// without the `m` flag is the very end of the input; ICU's `$` also matches before a final line
        /// break, so `$` becomes `\z`. The tables hold only letters, groups, `|`, `^`, `$`, `?:` and
        /// bracket classes, which is all this handles.
        static func icuPattern(_ jsPattern: String) -> String {
            var out = ""
            var inClass = false
            for character in jsPattern {
                precondition(character != "\\", "Inflection: escapes are not handled")
                switch character {
                case "[" where !inClass:
                    inClass = true
                    out.append(character)
                case "]" where inClass:
                    inClass = false
                    out.append(character)
                case "$" where !inClass:
                    out += "\\z"
                case _ where character.isASCII && character.isLetter:
                    let pair = character.lowercased() + character.uppercased()
                    out += inClass ? pair : "[\(pair)]"
                default:
                    out.append(character)
                }
            }
            return out
        }

        /// Splits a JS replacement string into literal text and `$n` group references.
        static func parseTemplate(_ replacement: String, groups: Int) -> [TemplatePart] {
            var parts: [TemplatePart] = []
            var literal = ""
            var characters = replacement[...]
            while let character = characters.popFirst() {
                if character == "$", let digit = characters.first?.wholeNumberValue {
                    characters.removeFirst()
                    precondition(digit >= 1 && digit <= groups, "Inflection: no group $\(digit) in \(replacement)")
                    if !literal.isEmpty { parts.append(.literal(literal)) }
                    literal = ""
                    parts.append(.group(digit))
                } else {
                    literal.append(character)
                }
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            return parts
        }
    }

    private enum TemplatePart: Sendable {
        case literal(String)
        case group(Int)
    }
}

// MARK: - The tables of inflection 1.13.4

extension Inflection {
    /// `uncountable_words`: returned unchanged by both functions (the list's commented-out entries,
    /// such as `fish` and `moose`, are left out as upstream leaves them out).
    private static let uncountableWords: Set<String> = [
        "accommodation", "adulthood", "advertising", "advice", "aggression", "aid", "air", "aircraft",
        "alcohol", "anger", "applause", "arithmetic", "assistance", "athletics",
        "bacon", "baggage", "beef", "biology", "blood", "botany", "bread", "butter",
        "carbon", "cardboard", "cash", "chalk", "chaos", "chess", "crossroads", "countryside",
        "dancing", "deer", "dignity", "dirt", "dust",
        "economics", "education", "electricity", "engineering", "enjoyment", "envy", "equipment", "ethics",
        "evidence", "evolution",
        "fame", "fiction", "flour", "flu", "food", "fuel", "fun", "furniture",
        "gallows", "garbage", "garlic", "genetics", "gold", "golf", "gossip", "gratitude", "grief", "guilt",
        "gymnastics",
        "happiness", "hardware", "harm", "hate", "hatred", "health", "heat", "help", "homework", "honesty",
        "honey", "hospitality", "housework", "humour", "hunger", "hydrogen",
        "ice", "importance", "inflation", "information", "innocence", "iron", "irony",
        "jam", "jewelry", "judo",
        "karate", "knowledge",
        "lack", "laughter", "lava", "leather", "leisure", "lightning", "linguine", "linguini", "linguistics",
        "literature", "litter", "livestock", "logic", "loneliness", "luck", "luggage",
        "macaroni", "machinery", "magic", "management", "mankind", "marble", "mathematics", "mayonnaise",
        "measles", "methane", "milk", "minus", "money", "mud", "music", "mumps",
        "nature", "news", "nitrogen", "nonsense", "nurture", "nutrition",
        "obedience", "obesity", "oxygen",
        "pasta", "patience", "physics", "poetry", "pollution", "poverty", "pride", "psychology", "publicity",
        "punctuation",
        "quartz",
        "racism", "relaxation", "reliability", "research", "respect", "revenge", "rice", "rubbish", "rum",
        "safety", "scenery", "seafood", "seaside", "series", "shame", "sheep", "shopping", "sleep", "smoke",
        "smoking", "snow", "soap", "software", "soil", "spaghetti", "species", "steam", "stuff", "stupidity",
        "sunshine", "symmetry",
        "tennis", "thirst", "thunder", "timber", "traffic", "transportation", "trust",
        "underwear", "unemployment", "unity",
        "validity", "veal", "vegetation", "vegetarianism", "vengeance", "violence", "vitality",
        "warmth", "wealth", "weather", "welfare", "wheat", "wildlife", "wisdom",
        "yoga",
        "zinc", "zoology",
    ]

    /// `regex.plural`: patterns that recognise plural forms (JS syntax, flags `gi`).
    private enum PluralForm {
        static let men = "^(m|wom)en$"
        static let people = "(pe)ople$"
        static let children = "(child)ren$"
        static let tia = "([ti])a$"
        static let analyses = "((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)ses$"
        static let databases = "(database)s$"
        static let drives = "(drive)s$"
        static let hives = "(hi|ti)ves$"
        static let curves = "(curve)s$"
        static let lrves = "([lr])ves$"
        static let aves = "([a])ves$"
        static let foves = "([^fo])ves$"
        static let movies = "(m)ovies$"
        static let aeiouyies = "([^aeiouy]|qu)ies$"
        static let series = "(s)eries$"
        static let xes = "(x|ch|ss|sh)es$"
        static let mice = "([m|l])ice$"
        static let buses = "(bus)es$"
        static let oes = "(o)es$"
        static let shoes = "(shoe)s$"
        static let crises = "(cris|ax|test)es$"
        static let octopuses = "(octop|vir)uses$"
        static let aliases = "(alias|canvas|status|campus)es$"
        static let summonses = "^(summons|bonus)es$"
        static let oxen = "^(ox)en"
        static let matrices = "(matr)ices$"
        static let vertices = "(vert|ind)ices$"
        static let feet = "^feet$"
        static let teeth = "^teeth$"
        static let geese = "^geese$"
        static let quizzes = "(quiz)zes$"
        static let whereases = "^(whereas)es$"
        static let criteria = "^(criteri)a$"
        static let genera = "^genera$"
        static let ss = "ss$"
        static let s = "s$"
    }

    /// `regex.singular`: patterns that recognise singular forms (JS syntax, flags `gi`).
    private enum SingularForm {
        static let man = "^(m|wom)an$"
        static let person = "(pe)rson$"
        static let child = "(child)$"
        static let drive = "(drive)$"
        static let ox = "^(ox)$"
        static let axis = "(ax|test)is$"
        static let octopus = "(octop|vir)us$"
        static let alias = "(alias|status|canvas|campus)$"
        static let summons = "^(summons|bonus)$"
        static let bus = "(bu)s$"
        static let buffalo = "(buffal|tomat|potat)o$"
        static let tium = "([ti])um$"
        static let sis = "sis$"
        static let ffe = "(?:([^f])fe|([lr])f)$"
        static let hive = "(hi|ti)ve$"
        static let aeiouyy = "([^aeiouy]|qu)y$"
        static let x = "(x|ch|ss|sh)$"
        static let matrix = "(matr)ix$"
        static let vertex = "(vert|ind)ex$"
        static let mouse = "([m|l])ouse$"
        static let foot = "^foot$"
        static let tooth = "^tooth$"
        static let goose = "^goose$"
        static let quiz = "(quiz)$"
        static let whereas = "^(whereas)$"
        static let criterion = "^(criteri)on$"
        static let genus = "^genus$"
        static let s = "s$"
        static let common = "$"
    }

    /// `plural_rules`, in upstream order: first the already-plural forms (kept as they are), then the
    /// singular forms with their plural replacements.
    private static let pluralRules: [Rule] = [
        // do not replace if its already a plural word
        Rule(PluralForm.men),
        Rule(PluralForm.people),
        Rule(PluralForm.children),
        Rule(PluralForm.tia),
        Rule(PluralForm.analyses),
        Rule(PluralForm.databases),
        Rule(PluralForm.drives),
        Rule(PluralForm.hives),
        Rule(PluralForm.curves),
        Rule(PluralForm.lrves),
        Rule(PluralForm.foves),
        Rule(PluralForm.aeiouyies),
        Rule(PluralForm.series),
        Rule(PluralForm.movies),
        Rule(PluralForm.xes),
        Rule(PluralForm.mice),
        Rule(PluralForm.buses),
        Rule(PluralForm.oes),
        Rule(PluralForm.shoes),
        Rule(PluralForm.crises),
        Rule(PluralForm.octopuses),
        Rule(PluralForm.aliases),
        Rule(PluralForm.summonses),
        Rule(PluralForm.oxen),
        Rule(PluralForm.matrices),
        Rule(PluralForm.feet),
        Rule(PluralForm.teeth),
        Rule(PluralForm.geese),
        Rule(PluralForm.quizzes),
        Rule(PluralForm.whereases),
        Rule(PluralForm.criteria),
        Rule(PluralForm.genera),

        // original rule
        Rule(SingularForm.man, "$1en"),
        Rule(SingularForm.person, "$1ople"),
        Rule(SingularForm.child, "$1ren"),
        Rule(SingularForm.drive, "$1s"),
        Rule(SingularForm.ox, "$1en"),
        Rule(SingularForm.axis, "$1es"),
        Rule(SingularForm.octopus, "$1uses"),
        Rule(SingularForm.alias, "$1es"),
        Rule(SingularForm.summons, "$1es"),
        Rule(SingularForm.bus, "$1ses"),
        Rule(SingularForm.buffalo, "$1oes"),
        Rule(SingularForm.tium, "$1a"),
        Rule(SingularForm.sis, "ses"),
        Rule(SingularForm.ffe, "$1$2ves"),
        Rule(SingularForm.hive, "$1ves"),
        Rule(SingularForm.aeiouyy, "$1ies"),
        Rule(SingularForm.matrix, "$1ices"),
        Rule(SingularForm.vertex, "$1ices"),
        Rule(SingularForm.x, "$1es"),
        Rule(SingularForm.mouse, "$1ice"),
        Rule(SingularForm.foot, "feet"),
        Rule(SingularForm.tooth, "teeth"),
        Rule(SingularForm.goose, "geese"),
        Rule(SingularForm.quiz, "$1zes"),
        Rule(SingularForm.whereas, "$1es"),
        Rule(SingularForm.criterion, "$1a"),
        Rule(SingularForm.genus, "genera"),

        Rule(SingularForm.s, "s"),
        Rule(SingularForm.common, "s"),
    ]

    /// `singular_rules`, in upstream order: first the already-singular forms (kept as they are), then the
    /// plural forms with their singular replacements.
    private static let singularRules: [Rule] = [
        // do not replace if its already a singular word
        Rule(SingularForm.man),
        Rule(SingularForm.person),
        Rule(SingularForm.child),
        Rule(SingularForm.drive),
        Rule(SingularForm.ox),
        Rule(SingularForm.axis),
        Rule(SingularForm.octopus),
        Rule(SingularForm.alias),
        Rule(SingularForm.summons),
        Rule(SingularForm.bus),
        Rule(SingularForm.buffalo),
        Rule(SingularForm.tium),
        Rule(SingularForm.sis),
        Rule(SingularForm.ffe),
        Rule(SingularForm.hive),
        Rule(SingularForm.aeiouyy),
        Rule(SingularForm.x),
        Rule(SingularForm.matrix),
        Rule(SingularForm.mouse),
        Rule(SingularForm.foot),
        Rule(SingularForm.tooth),
        Rule(SingularForm.goose),
        Rule(SingularForm.quiz),
        Rule(SingularForm.whereas),
        Rule(SingularForm.criterion),
        Rule(SingularForm.genus),

        // original rule
        Rule(PluralForm.men, "$1an"),
        Rule(PluralForm.people, "$1rson"),
        Rule(PluralForm.children, "$1"),
        Rule(PluralForm.databases, "$1"),
        Rule(PluralForm.drives, "$1"),
        Rule(PluralForm.genera, "genus"),
        Rule(PluralForm.criteria, "$1on"),
        Rule(PluralForm.tia, "$1um"),
        Rule(PluralForm.analyses, "$1$2sis"),
        Rule(PluralForm.hives, "$1ve"),
        Rule(PluralForm.curves, "$1"),
        Rule(PluralForm.lrves, "$1f"),
        Rule(PluralForm.aves, "$1ve"),
        Rule(PluralForm.foves, "$1fe"),
        Rule(PluralForm.movies, "$1ovie"),
        Rule(PluralForm.aeiouyies, "$1y"),
        Rule(PluralForm.series, "$1eries"),
        Rule(PluralForm.xes, "$1"),
        Rule(PluralForm.mice, "$1ouse"),
        Rule(PluralForm.buses, "$1"),
        Rule(PluralForm.oes, "$1"),
        Rule(PluralForm.shoes, "$1"),
        Rule(PluralForm.crises, "$1is"),
        Rule(PluralForm.octopuses, "$1us"),
        Rule(PluralForm.aliases, "$1"),
        Rule(PluralForm.summonses, "$1"),
        Rule(PluralForm.oxen, "$1"),
        Rule(PluralForm.matrices, "$1ix"),
        Rule(PluralForm.vertices, "$1ex"),
        Rule(PluralForm.feet, "foot"),
        Rule(PluralForm.teeth, "tooth"),
        Rule(PluralForm.geese, "goose"),
        Rule(PluralForm.quizzes, "$1"),
        Rule(PluralForm.whereases, "$1"),

        Rule(PluralForm.ss, "ss"),
        Rule(PluralForm.s, ""),
    ]
}
