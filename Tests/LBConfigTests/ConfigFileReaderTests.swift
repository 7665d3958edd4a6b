import Foundation
import LBCore
import Testing

@testable import LBConfig

@Suite("Config file reader")
struct ConfigFileReaderTests {
    private func parse(_ bytes: [UInt8], _ format: ConfigFileReader.Format = .json, file: String = "server/config.json")
        -> (node: ConfigNode?, diagnostics: Diagnostics)
    {
        var diagnostics = Diagnostics()
        let node = ConfigFileReader.parse(bytes, format: format, displayPath: file, diagnostics: &diagnostics)
        return (node, diagnostics)
    }

    // MARK: Text guards

    @Test("a NUL byte is reported as file.binary at its line and column")
    func nulByte() throws {
        let (node, diagnostics) = parse(Array("{\n  \"a\": \"x".utf8) + [0] + Array("\"\n}".utf8))
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.severity == .error)
        #expect(error.code == "file.binary")
        #expect(at(error.location) == "server/config.json:2:10")
    }

    @Test("columns before a NUL byte count characters, not bytes")
    func nulAfterMultiByte() {
        let diagnostics = parse(Array("é€😀".utf8) + [0], .yaml, file: "a.yaml").diagnostics
        #expect(diagnostics.all.map(\.code) == ["file.binary"])
        #expect(at(diagnostics.all.first?.location) == "a.yaml:1:4")
    }

    @Test("invalid UTF-8 is reported as file.encoding at the first bad byte", arguments: [
        ([0xC3, 0x28], "lone lead byte"),
        ([0xC0, 0xAF], "overlong encoding"),
        ([0xED, 0xA0, 0x80], "encoded surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
        ([0xE2, 0x82], "truncated sequence at the end"),
        ([0xFF], "byte that never appears in UTF-8"),
        ([0x80], "continuation byte without a lead"),
    ] as [([UInt8], String)])
    func invalidUTF8(bad: [UInt8], _: String) throws {
        let (node, diagnostics) = parse(Array("{\n  \"é\": \"".utf8) + bad + Array("\"}".utf8))
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.code == "file.encoding")
        #expect(error.message == "file is not valid UTF-8 text")
        #expect(at(error.location) == "server/config.json:2:9")
    }

    @Test("a UTF-8 byte order mark is skipped, and positions start after it", arguments: [
        (ConfigFileReader.Format.json, #"{"a": 1}"#, "x.json:1:2"),
        (.yaml, "a: 1\n", "x.yaml:1:1"),
        (.yml, "a: 1\n", "x.yml:1:1"),
    ])
    func byteOrderMark(format: ConfigFileReader.Format, text: String, keyAt: String) throws {
        let file = "x.\(format.rawValue)"
        let (node, diagnostics) = parse([0xEF, 0xBB, 0xBF] + Array(text.utf8), format, file: file)
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(root.json == ["a": 1])
        #expect(at(root["a"]?.keyLocation) == keyAt)
    }

    // MARK: Formats

    @Test("the format comes from the file extension, in any case", arguments: [
        ("server/config.json", ConfigFileReader.Format.json), ("a.yaml", .yaml), ("a.yml", .yml), ("CONFIG.JSON", .json),
        ("dir.v2/model.Yaml", .yaml),
    ] as [(String, ConfigFileReader.Format?)])
    func formatByExtension(path: String, expected: ConfigFileReader.Format?) {
        #expect(ConfigFileReader.Format(path: path) == expected)
    }

    @Test("files that are not JSON or YAML have no format", arguments: ["config.js", "config", "notes.txt", "a.json.bak"])
    func noFormat(path: String) {
        #expect(ConfigFileReader.Format(path: path) == nil)
    }

    @Test("reading from disk picks the parser by extension")
    func readFromDisk() throws {
        let directory = try TemporaryDirectory()
        let json = try directory.write("server/config.json", #"{"port": 3000}"#)
        let yaml = try directory.write("server/config.yaml", "port: 3000\nflag: no\n")
        var diagnostics = Diagnostics()
        let fromJSON = ConfigFileReader.read(absolutePath: json, displayPath: "server/config.json", diagnostics: &diagnostics)
        let fromYAML = ConfigFileReader.read(absolutePath: yaml, displayPath: "server/config.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        #expect(fromJSON?.json == ["port": 3000])
        #expect(fromYAML?.json == ["port": 3000, "flag": "no"])
        #expect(fromYAML?["port"]?.location.file == "server/config.yaml")
    }

    @Test("YAML syntax in a .json file is a JSON syntax error")
    func yamlInJSONFile() {
        let diagnostics = parse(Array("port: 3000\n".utf8)).diagnostics
        #expect(diagnostics.all.map(\.code) == ["syntax.json"])
    }

    @Test("an unknown extension is file.unknown-format and a missing file is file.unreadable")
    func unknownFormatAndMissingFile() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("server/config.js", "module.exports = {}")
        var diagnostics = Diagnostics()
        #expect(ConfigFileReader.read(absolutePath: script, displayPath: "server/config.js", diagnostics: &diagnostics) == nil)
        #expect(ConfigFileReader.read(absolutePath: directory.path + "/missing.json", displayPath: "missing.json", diagnostics: &diagnostics) == nil)
        #expect(diagnostics.all.map(\.code) == ["file.unknown-format", "file.unreadable"])
        #expect(diagnostics.all.map { at($0.location) } == ["server/config.js:1:1", "missing.json:1:1"])
    }

    @Test("a file over ConfigLimits.maxFileBytes is refused with file.too-large")
    func tooLarge() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/huge.json"
        let size = 17 * 1024 * 1024
        #expect(size > ConfigLimits.maxFileBytes)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: " "), count: size)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var diagnostics = Diagnostics()
        let node = ConfigFileReader.read(absolutePath: path, displayPath: "server/huge.json", diagnostics: &diagnostics)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.code == "file.too-large")
        #expect(error.message == "file is 17825792 bytes; config files over 16 MiB are refused")
        #expect(at(error.location) == "server/huge.json:1:1")
    }

    @Test(
        "a file just over the limit is not described as being exactly the limit")
    func justOverTheLimit() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/big.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: ConfigLimits.maxFileBytes + 1)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var diagnostics = Diagnostics()
        _ = ConfigFileReader.read(absolutePath: path, displayPath: "big.json", diagnostics: &diagnostics)
        #expect(diagnostics.all.map(\.code) == ["file.too-large"])
        #expect(diagnostics.all.first?.message.hasPrefix("file is 16 MiB;") == false)
    }
}
