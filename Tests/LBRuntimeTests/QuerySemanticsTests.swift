import LBCore
@testable import LBRuntime
import Testing

@Suite("JavaScript value semantics used by the filter language")
struct QuerySemanticsTests {
    @Test(
        "Number(string)",
        arguments: [
            ("10", 10), (" 7 ", 7), ("", 0), ("  ", 0), ("1e3", 1000), ("-1.5", -1.5), (".5", 0.5), ("5.", 5),
            ("0x10", 16), ("0b101", 5), ("0o17", 15), ("Infinity", .infinity), ("-Infinity", -.infinity),
        ] as [(String, Double)])
    func number(_ text: String, _ expected: Double) {
        #expect(JS.number(text) == expected)
    }

    @Test("strings that are not numbers", arguments: ["abc", "1_000", "inf", "nan", "-0x10", "1e", "12px", "0x", "e5"])
    func notNumbers(_ text: String) {
        #expect(JS.number(text).isNaN)
    }

    @Test(
        "Number.prototype.toString",
        arguments: [
            (0, "0"), (-0.0, "0"), (1, "1"), (-42, "-42"), (0.1, "0.1"), (123.456, "123.456"), (100, "100"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (1.5e300, "1.5e+300"), (1e-7, "1e-7"),
            (0.000001, "0.000001"), (2.5e-7, "2.5e-7"), (123_456_789_012_345_680_000, "123456789012345680000"),
        ] as [(Double, String)])
    func numberString(_ value: Double, _ expected: String) {
        #expect(JS.numberString(value) == expected)
    }

    @Test(
        "loose equality",
        arguments: [
            ("5", 5, true), (true, 1, true), (false, 0, true), (true, "1", true), ("abc", "abc", true),
            (nil, nil, true), (1, nil, false), ("", 0, true), ("a,b", ["a", "b"], true), (["x": 1], ["x": 1], true),
            (["x": 1, "y": 2], ["y": 2, "x": 1], true), ([1, 2], [2, 1], false), ("5.0", 5, true), ("true", true, false),
        ] as [(JSONValue, JSONValue, Bool)])
    func looseEquals(_ a: JSONValue, _ b: JSONValue, _ expected: Bool) {
        #expect(JS.looseEquals(a, b) == expected)
        #expect(JS.looseEquals(b, a) == expected)
    }

    @Test("missing equals only null and missing")
    func missing() {
        #expect(JS.looseEquals(nil, .null))
        #expect(JS.looseEquals(nil, nil))
        #expect(!JS.looseEquals(nil, 0))
        #expect(!JS.looseEquals(nil, ""))
    }

    @Test(
        "dates parse like new Date(v) and print like toISOString()",
        arguments: [
            ("2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00.000Z"),
            ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"),
            ("2024-05-01T10:00Z", "2024-05-01T10:00:00.000Z"),
            ("2024-05-01T10:00:00.5+01:30", "2024-05-01T08:30:00.500Z"),
            ("2024-05-01T24:00:00Z", "2024-05-02T00:00:00.000Z"),
            ("2024-02-30", "2024-03-01T00:00:00.000Z"),
            ("2024-05", "2024-05-01T00:00:00.000Z"),
            ("+010000-01-01T00:00:00Z", "+010000-01-01T00:00:00.000Z"),
            ("-000001-01-01T00:00:00Z", "-000001-01-01T00:00:00.000Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
            ("May 1, 2024", "2024-05-01T00:00:00.000Z"),
            ("1 May 2024 10:00", "2024-05-01T10:00:00.000Z"),
            ("2024/05/01", "2024-05-01T00:00:00.000Z"),
        ] as [(String, String)])
    func dates(_ text: String, _ iso: String) throws {
        let time = try #require(JSDate.parse(text))
        #expect(JSDate.isoString(time) == iso)
    }

    @Test(
        "invalid dates",
        arguments: ["tomorrow", "", "2024-13-01", "2024-05-01T25:00Z", "2024-05-01T10:60Z", "-000000-01-01T00:00:00Z", "2024-05-01T10:00:00+2"])
    func invalidDates(_ text: String) {
        #expect(JSDate.parse(text) == nil)
    }

    @Test("like patterns become unanchored literal regular expressions")
    func likePatterns() {
        #expect(QueryRegex.likePattern("a%b_c") == "a.*b.c")
        #expect(QueryRegex.likePattern("1.5\\%") == "1\\.5%")
        #expect(QueryRegex.likePattern("(x)") == "\\(x\\)")
    }
}
