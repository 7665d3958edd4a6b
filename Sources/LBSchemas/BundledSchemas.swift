/// The JSON Schemas of the repository's `schemas/` folder, compiled into the binary.
public enum BundledSchemas {
    /// File name → JSON text.
    public static let all: [String: [UInt8]] = [
        "config.schema.json": PackageResources.config_schema_json,
        "datasources.schema.json": PackageResources.datasources_schema_json,
        "model-config.schema.json": PackageResources.model_config_schema_json,
        "middleware.schema.json": PackageResources.middleware_schema_json,
        "component-config.schema.json": PackageResources.component_config_schema_json,
        "model.schema.json": PackageResources.model_schema_json,
        "mixin.schema.json": PackageResources.mixin_schema_json,
        "seed.schema.json": PackageResources.seed_schema_json,
    ]
}
