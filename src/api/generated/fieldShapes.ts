// generated, do not edit.
//
// The fields of the Job Manager's request bodies, from openapi.yaml (scripts/gen-field-shapes.mjs),
// for src/api/goJsonKeys.ts. Change openapi.yaml, then run `npm run gen`.
import type { Shape } from "../goJsonKeys.js";

/** JobScheduleDescription */
export const JOB_DESCRIPTION: Shape = {
  "fields": {
    "resources": {
      "fields": {
        "limits": "map",
        "requests": "map"
      }
    },
    "node": {
      "fields": {
        "gpu": "leaf",
        "gpuCount": "leaf"
      }
    },
    "timeLimitSeconds": "leaf",
    "backoffLimit": "leaf",
    "safeToRestart": "leaf",
    "failurePolicy": {
      "fields": {
        "rules": {
          "items": {
            "fields": {
              "action": "leaf",
              "onExitCodes": {
                "fields": {
                  "operator": "leaf",
                  "values": "ints"
                }
              }
            }
          }
        }
      }
    },
    "image": "leaf",
    "imageTagName": "leaf",
    "runtime": {
      "fields": {
        "architecture": "leaf",
        "nodeType": "leaf"
      }
    },
    "variables": "map",
    "command": "strings",
    "args": "strings",
    "runAsUser": "leaf",
    "payload": "leaf",
    "jobId": "leaf"
  }
};

/** BatchScheduleDescription */
export const BATCH_DESCRIPTION: Shape = {
  "fields": {
    "batchId": "leaf",
    "defaultRadixJobComponentConfig": {
      "fields": {
        "resources": {
          "fields": {
            "limits": "map",
            "requests": "map"
          }
        },
        "node": {
          "fields": {
            "gpu": "leaf",
            "gpuCount": "leaf"
          }
        },
        "timeLimitSeconds": "leaf",
        "backoffLimit": "leaf",
        "safeToRestart": "leaf",
        "failurePolicy": {
          "fields": {
            "rules": {
              "items": {
                "fields": {
                  "action": "leaf",
                  "onExitCodes": {
                    "fields": {
                      "operator": "leaf",
                      "values": "ints"
                    }
                  }
                }
              }
            }
          }
        },
        "image": "leaf",
        "imageTagName": "leaf",
        "runtime": {
          "fields": {
            "architecture": "leaf",
            "nodeType": "leaf"
          }
        },
        "variables": "map",
        "command": "strings",
        "args": "strings",
        "runAsUser": "leaf"
      }
    },
    "jobScheduleDescriptions": {
      "items": {
        "fields": {
          "resources": {
            "fields": {
              "limits": "map",
              "requests": "map"
            }
          },
          "node": {
            "fields": {
              "gpu": "leaf",
              "gpuCount": "leaf"
            }
          },
          "timeLimitSeconds": "leaf",
          "backoffLimit": "leaf",
          "safeToRestart": "leaf",
          "failurePolicy": {
            "fields": {
              "rules": {
                "items": {
                  "fields": {
                    "action": "leaf",
                    "onExitCodes": {
                      "fields": {
                        "operator": "leaf",
                        "values": "ints"
                      }
                    }
                  }
                }
              }
            }
          },
          "image": "leaf",
          "imageTagName": "leaf",
          "runtime": {
            "fields": {
              "architecture": "leaf",
              "nodeType": "leaf"
            }
          },
          "variables": "map",
          "command": "strings",
          "args": "strings",
          "runAsUser": "leaf",
          "payload": "leaf",
          "jobId": "leaf"
        }
      }
    }
  }
};
