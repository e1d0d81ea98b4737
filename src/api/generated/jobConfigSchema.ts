// generated, do not edit.
//
// The fields of RadixJobComponentConfig (a job's settings) as JSON Schemas, from openapi.yaml
// (scripts/gen-job-config-schema.mjs), for src/config/radixConfigSchema.ts. Change openapi.yaml, then
// run `npm run gen`.

export const JOB_CONFIG_FIELDS = {
  "resources": {
    "type": "object",
    "properties": {
      "limits": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      },
      "requests": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      }
    }
  },
  "node": {
    "type": "object",
    "properties": {
      "gpu": {
        "type": "string"
      },
      "gpuCount": {
        "type": "string"
      }
    }
  },
  "timeLimitSeconds": {
    "type": "integer",
    "minimum": 1,
    "maximum": 9223372036854776000
  },
  "backoffLimit": {
    "type": "integer",
    "minimum": 0,
    "maximum": 2147483647
  },
  "safeToRestart": {
    "type": "boolean"
  },
  "failurePolicy": {
    "type": "object",
    "required": [
      "rules"
    ],
    "properties": {
      "rules": {
        "type": "array",
        "maxItems": 20,
        "items": {
          "type": "object",
          "required": [
            "action",
            "onExitCodes"
          ],
          "properties": {
            "action": {
              "type": "string",
              "enum": [
                "FailJob",
                "Ignore",
                "Count"
              ]
            },
            "onExitCodes": {
              "type": "object",
              "required": [
                "operator",
                "values"
              ],
              "properties": {
                "operator": {
                  "type": "string",
                  "enum": [
                    "In",
                    "NotIn"
                  ]
                },
                "values": {
                  "type": "array",
                  "minItems": 1,
                  "maxItems": 255,
                  "uniqueItems": true,
                  "items": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 2147483647
                  }
                }
              }
            }
          }
        }
      }
    }
  },
  "image": {
    "type": "string"
  },
  "imageTagName": {
    "type": "string"
  },
  "runtime": {
    "type": "object",
    "properties": {
      "architecture": {
        "type": "string",
        "enum": [
          "amd64",
          "arm64",
          ""
        ]
      },
      "nodeType": {
        "type": "string",
        "maxLength": 120,
        "pattern": "^(([a-z0-9][-a-z0-9]*)?[a-z0-9])?$"
      }
    }
  },
  "variables": {
    "type": "object",
    "additionalProperties": {
      "type": "string"
    }
  },
  "command": {
    "type": "array",
    "items": {
      "type": "string"
    }
  },
  "args": {
    "type": "array",
    "items": {
      "type": "string"
    }
  },
  "runAsUser": {
    "type": "integer",
    "minimum": 1,
    "maximum": 9223372036854776000
  }
} as const;
