import LBCore

/// LoopBack's error body (rest-api.md §5.1): `{"error": {statusCode, name, message, code, details}}`.
enum ErrorSchema {
    static let envelope: JSONValue = [
        "type": "object",
        "description": "A LoopBack error.",
        "properties": [
            "error": [
                "type": "object",
                "properties": [
                    "statusCode": ["type": "number"],
                    "name": ["type": "string"],
                    "message": ["type": "string"],
                    "code": ["type": "string"],
                    "details": ["description": "Details of the error: for a ValidationError, `context`, `codes` and `messages`."],
                    "stack": ["type": "string"],
                ],
                "required": ["statusCode", "message"],
            ]
        ],
        "required": ["error"],
    ]
}
