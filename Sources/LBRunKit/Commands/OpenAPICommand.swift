import ArgumentParser
import LBConfig
import LBCore
import LBExplorer
import LBOpenAPI
import LBPlan

/// `lbrun openapi ./app`: the OpenAPI 3.1 (or Swagger 2.0) document of the app's REST API.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the OpenAPI 3.1 document of the app's REST API (or Swagger 2.0 with --swagger2), without serving.",
        discussion: """
            The document is the one the explorer serves at <mountPath>/openapi.json (or swagger.json): \
            the explorer's options in component-config apply when the app has it. Diagnostics go to \
            standard error; exit status 1 (and no document) when the app has errors.
            """)

    /// Output formats of a document.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case yaml
    }

    @OptionGroup var app: AppOptions

    @Option(name: .long, help: "Output format: json or yaml.")
    var format: Format = .json

    @Flag(name: .customLong("swagger2"), help: "Print the Swagger 2.0 document instead.")
    var swagger2 = false

    func run() throws {
        let plan = try app.plan()
        let options = plan.components.first { $0.module == ExplorerComponent.info.id }?.options
        let settings = DocumentSettings(plan: plan, options: options, package: PackageManifest.read(appDirectory: app.app))
        let documents = APIDocuments(plan: plan, settings: settings)
        let document = swagger2 ? documents.swagger : documents.openAPI
        switch format {
        case .json: FileHandleOutput.standardOutput(document.prettyText + "\n")
        case .yaml: FileHandleOutput.standardOutput(try YAMLWriter.text(document))
        }
    }
}
