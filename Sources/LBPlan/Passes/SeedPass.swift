import LBConfig
import LBCore

/// Reads the seed files named by model-config entries (`"seed": "./seed/notes.yaml"`, relative to
/// the config folder): a list of records per model, checked against `seed.schema.json` now so that
/// `lbrun validate` catches mistakes; records are validated against the model when created at boot.
enum SeedPass {
    static func run(_ c: inout Compilation) {
        for entry in c.modelEntries {
            guard let reference = entry.node["seed"], let path = reference.string, let index = c.modelIndex(entry.name) else { continue }
            if entry.dataSource == nil {
                c.diagnostics.warning(
                    "seed.unattached-model", "model '\(entry.name)' has seed data but no datasource to store it in", at: reference.location)
                continue
            }
            let file = c.layout.resolve(fromServer: path)
            guard c.layout.isFile(file) else {
                c.diagnostics.error(
                    "seed.missing-file", "seed file '\(path)' of model '\(entry.name)' does not exist (looked for '\(file)')",
                    at: reference.location, hint: "paths are relative to the folder of model-config")
                continue
            }
            c.files.append(file)
            guard let raw = ConfigFileReader.read(absolutePath: c.layout.absolute(file), displayPath: file, diagnostics: &c.diagnostics)
            else { continue }
            var problems = Diagnostics()
            let node = c.validator.validate(raw, against: "seed.schema.json", diagnostics: &problems)
            c.diagnostics.append(contentsOf: problems)
            guard !problems.hasErrors, let records = node.array else { continue }
            c.models[index].seed = SeedPlan(file: file, records: records.map(\.json), origins: records.map(\.location))
        }
    }
}
