import ArgumentParser
import Foundation
import LBConfig
import LBCore

/// `lbrun introspect --name Thing sample.json`: a model definition from a JSON instance.
struct IntrospectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introspect",
        abstract: "Print a model definition whose properties are typed after a sample JSON object.",
        discussion: """
            Types: string, number, boolean, date (ISO-8601 strings), object, [type] after an \
            array's first non-null element (array when there is none), any for null. A top-level \
            'id' key becomes the id. Without --out the definition goes to standard output.
            """)

    @Argument(help: "A JSON file holding one object.")
    var sample: String

    @Option(name: .long, help: "The model name.")
    var name: String

    @Option(name: .long, help: "Output format: json or yaml.")
    var format: DefinitionFormat = .json

    @Option(name: .long, help: "Write the definition to this file instead of standard output.")
    var out: String?

    @Flag(name: .long, help: "Replace the --out file if it exists.")
    var force = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: sample) else {
            FileHandleOutput.standardError("error: cannot read '\(sample)'\n")
            throw ExitCode(LBRunExit.failure)
        }
        var diagnostics = Diagnostics()
        let node = JSONConfigReader.read(Array(data), file: sample, diagnostics: &diagnostics)
        guard let instance = node?.json, !diagnostics.hasErrors else {
            FileHandleOutput.standardError(DiagnosticRenderer(appDirectory: ".").text(diagnostics))
            throw ExitCode(LBRunExit.invalidApp)
        }
        guard let definition = InstanceIntrospection.definition(name: name, instance: instance) else {
            FileHandleOutput.standardError("error: '\(sample)' holds \(instance.typeName == "object" ? "an" : "a") \(instance.typeName), not an object\n")
            throw ExitCode(LBRunExit.invalidApp)
        }
        let text = try format.text(definition)
        guard let out else {
            FileHandleOutput.standardOutput(text)
            return
        }
        if !force, FileManager.default.fileExists(atPath: out) {
            FileHandleOutput.standardError("error: '\(out)' exists already (use --force to replace it)\n")
            throw ExitCode(LBRunExit.failure)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    }
}
