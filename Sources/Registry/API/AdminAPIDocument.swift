// The OpenAPI 3.1 description of the admin API, served at `/api/v1/openapi.json`. Written by hand
// beside the routes in `AdminAPI.swift`; `AdminAPITests` checks that the two list the same
// operations and that every example response decodes into the type the API returns.

/// The admin API's OpenAPI document.
package enum AdminAPIDocument {
    /// The document as JSON text.
    package static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Gatehouse admin API",
    "version": "1.0.0",
    "description": "Manage the Gatehouse registry: servers, their tools, applications, API keys, policies, rate limits, approvals of changed definitions, users, client certificate mappings, the token signing key, declarative configuration and the audit log (tail, export, verify). JSON in and out; every operation but this document needs `Authorization: Bearer <admin token>` (the token is in `<data>/admin-token`, or `GATEHOUSE_ADMIN_TOKEN`). Errors are `{\"error\": {\"code\", \"message\", \"diagnostics\"}}`."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "security": [
    {
      "adminToken": []
    }
  ],
  "tags": [
    {
      "name": "servers"
    },
    {
      "name": "tools"
    },
    {
      "name": "applications"
    },
    {
      "name": "keys"
    },
    {
      "name": "configuration"
    },
    {
      "name": "audit"
    },
    {
      "name": "meta"
    },
    {
      "name": "policies"
    },
    {
      "name": "rate-limits"
    },
    {
      "name": "identity",
      "description": "Users, client certificate mappings of the mTLS listener, and the access token signing key."
    }
  ],
  "paths": {
    "/api/v1/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "summary": "This document.",
        "tags": [
          "meta"
        ],
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/api/v1/servers": {
      "get": {
        "operationId": "listServers",
        "summary": "List registered servers.",
        "tags": [
          "servers"
        ],
        "responses": {
          "200": {
            "description": "The servers, by slug.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerList"
                },
                "example": {
                  "servers": [
                    {
                      "slug": "notes",
                      "name": "com.example/notes",
                      "description": "Team notes",
                      "status": "active",
                      "upstream": {
                        "transport": "http",
                        "url": "http://127.0.0.1:8765/mcp",
                        "header_names": []
                      },
                      "tools": {
                        "enabled": [
                          "echo",
                          "add"
                        ],
                        "disabled": []
                      },
                      "managed_by": "/etc/gatehouse/gatehouse.yaml",
                      "discovery": {
                        "discovered_at": "2026-11-22T10:15:03.120Z",
                        "protocol_version": "2025-11-25",
                        "tool_count": 3,
                        "prompt_count": 0
                      }
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "createServer",
        "summary": "Register a server.",
        "tags": [
          "servers"
        ],
        "responses": {
          "201": {
            "description": "The server was registered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerChange"
                },
                "example": {
                  "server": {
                    "slug": "notes",
                    "name": "com.example/notes",
                    "description": "Team notes",
                    "status": "active",
                    "upstream": {
                      "transport": "http",
                      "url": "http://127.0.0.1:8765/mcp",
                      "header_names": []
                    },
                    "tools": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    }
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "description": "The entry is not managed by any configuration file, so `apply` never removes it.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ServerDefinition"
              },
              "example": {
                "slug": "notes",
                "name": "com.example/notes",
                "description": "Team notes",
                "upstream": {
                  "url": "http://127.0.0.1:8765/mcp"
                },
                "tools": {
                  "enabled": [
                    "echo",
                    "add"
                  ]
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/servers/{slug}": {
      "parameters": [
        {
          "name": "slug",
          "in": "path",
          "required": true,
          "description": "The server's slug.",
          "schema": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          }
        }
      ],
      "get": {
        "operationId": "getServer",
        "summary": "Show a server.",
        "tags": [
          "servers"
        ],
        "responses": {
          "200": {
            "description": "The server.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Server"
                },
                "example": {
                  "slug": "notes",
                  "name": "com.example/notes",
                  "description": "Team notes",
                  "status": "active",
                  "upstream": {
                    "transport": "http",
                    "url": "http://127.0.0.1:8765/mcp",
                    "header_names": []
                  },
                  "tools": {
                    "enabled": [
                      "echo",
                      "add"
                    ],
                    "disabled": []
                  },
                  "managed_by": "/etc/gatehouse/gatehouse.yaml",
                  "discovery": {
                    "discovered_at": "2026-11-22T10:15:03.120Z",
                    "protocol_version": "2025-11-25",
                    "tool_count": 3,
                    "prompt_count": 0
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      },
      "put": {
        "operationId": "replaceServer",
        "summary": "Replace a server's definition.",
        "tags": [
          "servers"
        ],
        "responses": {
          "200": {
            "description": "The server was replaced.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerChange"
                },
                "example": {
                  "server": {
                    "slug": "notes",
                    "name": "com.example/notes",
                    "description": "Team notes",
                    "status": "active",
                    "upstream": {
                      "transport": "http",
                      "url": "http://127.0.0.1:8765/mcp",
                      "header_names": []
                    },
                    "tools": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    }
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "description": "The slug cannot change; `managed_by` is kept (the next apply of that file undoes the edit).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ServerDefinition"
              },
              "example": {
                "slug": "notes",
                "name": "com.example/notes",
                "description": "Team notes",
                "upstream": {
                  "url": "http://127.0.0.1:8765/mcp"
                },
                "tools": {
                  "enabled": [
                    "echo",
                    "add"
                  ]
                }
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "removeServer",
        "summary": "Unregister a server.",
        "tags": [
          "servers"
        ],
        "responses": {
          "200": {
            "description": "The server was removed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerChange"
                },
                "example": {
                  "server": {
                    "slug": "notes",
                    "name": "com.example/notes",
                    "description": "Team notes",
                    "status": "active",
                    "upstream": {
                      "transport": "http",
                      "url": "http://127.0.0.1:8765/mcp",
                      "header_names": []
                    },
                    "tools": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    }
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          }
        },
        "description": "Refused with 409 while an application allows the server."
      }
    },
    "/api/v1/servers/{slug}/tools": {
      "parameters": [
        {
          "name": "slug",
          "in": "path",
          "required": true,
          "description": "The server's slug.",
          "schema": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          }
        }
      ],
      "get": {
        "operationId": "listTools",
        "summary": "List a server's discovered tools, enabled or not.",
        "tags": [
          "tools"
        ],
        "responses": {
          "200": {
            "description": "The tools, with definition hashes.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ToolList"
                },
                "example": {
                  "server": "notes",
                  "discovered_at": "2026-11-22T10:15:03.120Z",
                  "selection": {
                    "enabled": [
                      "echo",
                      "add"
                    ],
                    "disabled": []
                  },
                  "tools": [
                    {
                      "name": "echo",
                      "enabled": true,
                      "definition_hash": "9f2c000000000000000000000000000000000000000000000000000000000000",
                      "description": "Echo the input back."
                    },
                    {
                      "name": "delete_all",
                      "enabled": false,
                      "definition_hash": "41aa000000000000000000000000000000000000000000000000000000000000"
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/servers/{slug}/tools/enable": {
      "parameters": [
        {
          "name": "slug",
          "in": "path",
          "required": true,
          "description": "The server's slug.",
          "schema": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          }
        }
      ],
      "post": {
        "operationId": "enableTools",
        "summary": "Enable tools of a server.",
        "tags": [
          "tools"
        ],
        "responses": {
          "200": {
            "description": "The tools after the change.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ToolChange"
                },
                "example": {
                  "tools": {
                    "server": "notes",
                    "discovered_at": "2026-11-22T10:15:03.120Z",
                    "selection": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    },
                    "tools": [
                      {
                        "name": "echo",
                        "enabled": true,
                        "definition_hash": "9f2c000000000000000000000000000000000000000000000000000000000000",
                        "description": "Echo the input back."
                      },
                      {
                        "name": "delete_all",
                        "enabled": false,
                        "definition_hash": "41aa000000000000000000000000000000000000000000000000000000000000"
                      }
                    ]
                  },
                  "diagnostics": [
                    {
                      "severity": "warning",
                      "message": "\"ad\" is not among the tools discovered on notes; the setting takes effect if the server offers it later."
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ToolNames"
              },
              "example": {
                "tools": [
                  "echo",
                  "add"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/servers/{slug}/tools/disable": {
      "parameters": [
        {
          "name": "slug",
          "in": "path",
          "required": true,
          "description": "The server's slug.",
          "schema": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          }
        }
      ],
      "post": {
        "operationId": "disableTools",
        "summary": "Disable tools of a server.",
        "tags": [
          "tools"
        ],
        "responses": {
          "200": {
            "description": "The tools after the change.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ToolChange"
                },
                "example": {
                  "tools": {
                    "server": "notes",
                    "discovered_at": "2026-11-22T10:15:03.120Z",
                    "selection": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    },
                    "tools": [
                      {
                        "name": "echo",
                        "enabled": true,
                        "definition_hash": "9f2c000000000000000000000000000000000000000000000000000000000000",
                        "description": "Echo the input back."
                      },
                      {
                        "name": "delete_all",
                        "enabled": false,
                        "definition_hash": "41aa000000000000000000000000000000000000000000000000000000000000"
                      }
                    ]
                  },
                  "diagnostics": [
                    {
                      "severity": "warning",
                      "message": "\"ad\" is not among the tools discovered on notes; the setting takes effect if the server offers it later."
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ToolNames"
              },
              "example": {
                "tools": [
                  "delete_all"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/servers/{slug}/approve": {
      "parameters": [
        {
          "name": "slug",
          "in": "path",
          "required": true,
          "description": "The server's slug.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "post": {
        "operationId": "approveDefinitions",
        "summary": "Approve the current definitions of tools or prompts, ending their quarantine.",
        "tags": [
          "tools"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Approve"
              },
              "example": {
                "tools": [
                  "add"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The server's tools after the approval.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ToolChange"
                },
                "example": {
                  "tools": {
                    "server": "notes",
                    "discovered_at": "2026-11-22T10:15:03.120Z",
                    "selection": {
                      "enabled": [
                        "echo",
                        "add"
                      ],
                      "disabled": []
                    },
                    "tools": [
                      {
                        "name": "add",
                        "enabled": true,
                        "definition_hash": "9f2c4e1d7a3b5c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
                        "pinned_hash": "9f2c4e1d7a3b5c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
                        "status": "enabled",
                        "description": "Add numbers."
                      }
                    ]
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/v1/applications": {
      "get": {
        "operationId": "listApplications",
        "summary": "List applications.",
        "tags": [
          "applications"
        ],
        "responses": {
          "200": {
            "description": "The applications, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApplicationList"
                },
                "example": {
                  "applications": [
                    {
                      "name": "ci-agent",
                      "allow": [
                        {
                          "server": "notes",
                          "tools": [
                            "echo"
                          ]
                        },
                        {
                          "server": "demo"
                        }
                      ],
                      "managed_by": "/etc/gatehouse/gatehouse.yaml",
                      "active_keys": 1
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "createApplication",
        "summary": "Register an application.",
        "tags": [
          "applications"
        ],
        "responses": {
          "201": {
            "description": "The application was registered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApplicationChange"
                },
                "example": {
                  "application": {
                    "name": "ci-agent",
                    "allow": [
                      {
                        "server": "notes",
                        "tools": [
                          "echo"
                        ]
                      }
                    ],
                    "active_keys": 0
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApplicationDefinition"
              },
              "example": {
                "name": "ci-agent",
                "allow": [
                  {
                    "server": "notes",
                    "tools": [
                      "echo"
                    ]
                  },
                  {
                    "server": "demo"
                  }
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/applications/{name}": {
      "parameters": [
        {
          "name": "name",
          "in": "path",
          "required": true,
          "description": "The application's name.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "operationId": "getApplication",
        "summary": "Show an application.",
        "tags": [
          "applications"
        ],
        "responses": {
          "200": {
            "description": "The application.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Application"
                },
                "example": {
                  "name": "ci-agent",
                  "allow": [
                    {
                      "server": "notes",
                      "tools": [
                        "echo"
                      ]
                    },
                    {
                      "server": "demo"
                    }
                  ],
                  "managed_by": "/etc/gatehouse/gatehouse.yaml",
                  "active_keys": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      },
      "put": {
        "operationId": "replaceApplication",
        "summary": "Replace an application's allow list.",
        "tags": [
          "applications"
        ],
        "responses": {
          "200": {
            "description": "The application was replaced.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApplicationChange"
                },
                "example": {
                  "application": {
                    "name": "ci-agent",
                    "allow": [
                      {
                        "server": "notes",
                        "tools": [
                          "echo"
                        ]
                      }
                    ],
                    "active_keys": 0
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApplicationDefinition"
              },
              "example": {
                "name": "ci-agent",
                "allow": [
                  {
                    "server": "notes",
                    "tools": [
                      "echo"
                    ]
                  },
                  {
                    "server": "demo"
                  }
                ]
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "removeApplication",
        "summary": "Unregister an application and revoke its keys.",
        "tags": [
          "applications"
        ],
        "responses": {
          "200": {
            "description": "The application was removed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApplicationChange"
                },
                "example": {
                  "application": {
                    "name": "ci-agent",
                    "allow": [
                      {
                        "server": "notes",
                        "tools": [
                          "echo"
                        ]
                      }
                    ],
                    "active_keys": 0
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/keys": {
      "get": {
        "operationId": "listKeys",
        "summary": "List API keys (never their secrets), newest first.",
        "tags": [
          "keys"
        ],
        "responses": {
          "200": {
            "description": "The keys.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/KeyList"
                },
                "example": {
                  "keys": [
                    {
                      "id": "key_7hq2m4x9c3ab",
                      "application": "ci-agent",
                      "display_prefix": "ghk_4QzvV0mX",
                      "created_at": "2026-11-22T10:15:03.120Z",
                      "expires_at": "2026-12-22T10:15:03.120Z",
                      "status": "active"
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        },
        "parameters": [
          {
            "name": "application",
            "in": "query",
            "required": false,
            "description": "Only this application's keys.",
            "schema": {
              "type": "string"
            }
          }
        ]
      },
      "post": {
        "operationId": "createKey",
        "summary": "Create an API key for an application.",
        "tags": [
          "keys"
        ],
        "responses": {
          "201": {
            "description": "The key, shown this once.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedKey"
                },
                "example": {
                  "key": "ghk_4QzvV0mXexampleexampleexample0a1B2c",
                  "api_key": {
                    "id": "key_7hq2m4x9c3ab",
                    "application": "ci-agent",
                    "display_prefix": "ghk_4QzvV0mX",
                    "created_at": "2026-11-22T10:15:03.120Z",
                    "expires_at": "2026-12-22T10:15:03.120Z",
                    "status": "active"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateKey"
              },
              "example": {
                "application": "ci-agent",
                "expires_in": "30d"
              }
            }
          }
        }
      }
    },
    "/api/v1/keys/{id}/revoke": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The key id (`key_…`).",
          "schema": {
            "type": "string"
          }
        }
      ],
      "post": {
        "operationId": "revokeKey",
        "summary": "Revoke an API key.",
        "tags": [
          "keys"
        ],
        "responses": {
          "200": {
            "description": "The key, revoked (revoking twice changes nothing).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Key"
                },
                "example": {
                  "id": "key_7hq2m4x9c3ab",
                  "application": "ci-agent",
                  "display_prefix": "ghk_4QzvV0mX",
                  "created_at": "2026-11-22T10:15:03.120Z",
                  "expires_at": "2026-12-22T10:15:03.120Z",
                  "status": "revoked",
                  "revoked_at": "2026-11-23T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/policies": {
      "get": {
        "operationId": "listPolicies",
        "summary": "List attached policies and the policy-set version.",
        "tags": [
          "policies"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PolicyList"
                },
                "example": {
                  "version": 3,
                  "policies": [
                    {
                      "id": "no-big-sums",
                      "server": "notes",
                      "mode": "enforce",
                      "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n",
                      "managed_by": "/etc/gatehouse/gatehouse.yaml"
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "createPolicy",
        "summary": "Attach a policy; it is validated against the Cedar schema and the tools it can apply to.",
        "tags": [
          "policies"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PolicyDefinition"
              },
              "example": {
                "id": "no-big-sums",
                "server": "notes",
                "mode": "shadow",
                "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The policy and the new policy-set version.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PolicyChange"
                },
                "example": {
                  "policy": {
                    "id": "no-big-sums",
                    "server": "notes",
                    "mode": "shadow",
                    "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n"
                  },
                  "version": 4,
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/v1/policies/test": {
      "post": {
        "operationId": "testPolicy",
        "summary": "What the gateway would decide for one tool call.",
        "tags": [
          "policies"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PolicyTest"
              },
              "example": {
                "application": "ci-agent",
                "tool": "notes/add",
                "arguments": {
                  "a": 500
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PolicyTestResult"
                },
                "example": {
                  "decision": "deny",
                  "denied_by": "argument_policy",
                  "reason": "a policy refuses this call with these arguments (the tool stays listed)",
                  "determining_policies": [
                    "no-big-sums"
                  ],
                  "errors": [],
                  "listed": true,
                  "policy_set_version": 3
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/policies/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The policy's id.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "operationId": "getPolicy",
        "summary": "Show one policy.",
        "tags": [
          "policies"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Policy"
                },
                "example": {
                  "id": "no-big-sums",
                  "server": "notes",
                  "mode": "enforce",
                  "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n",
                  "managed_by": "/etc/gatehouse/gatehouse.yaml"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      },
      "put": {
        "operationId": "replacePolicy",
        "summary": "Replace a policy (a new policy-set version).",
        "tags": [
          "policies"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PolicyDefinition"
              },
              "example": {
                "id": "no-big-sums",
                "server": "notes",
                "mode": "shadow",
                "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PolicyChange"
                },
                "example": {
                  "policy": {
                    "id": "no-big-sums",
                    "server": "notes",
                    "mode": "shadow",
                    "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n"
                  },
                  "version": 5,
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      },
      "delete": {
        "operationId": "removePolicy",
        "summary": "Detach a policy (a new policy-set version).",
        "tags": [
          "policies"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PolicyChange"
                },
                "example": {
                  "policy": {
                    "id": "no-big-sums",
                    "server": "notes",
                    "mode": "enforce",
                    "cedar": "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"notes/add\")\nwhen { context.arguments.a > 100 };\n",
                    "managed_by": "/etc/gatehouse/gatehouse.yaml"
                  },
                  "version": 6,
                  "diagnostics": []
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/rate-limits": {
      "get": {
        "operationId": "listRateLimits",
        "summary": "List rate-limit rules.",
        "tags": [
          "rate-limits"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RateLimitList"
                },
                "example": {
                  "rate_limits": [
                    {
                      "id": "application=ci-agent,tool=notes/echo",
                      "application": "ci-agent",
                      "tool": "notes/echo",
                      "limit": 5,
                      "period_seconds": 60
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "createRateLimit",
        "summary": "Add a rate-limit rule.",
        "tags": [
          "rate-limits"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RateLimitDefinition"
              },
              "example": {
                "application": "ci-agent",
                "tool": "notes/echo",
                "per_minute": 5
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RateLimitChange"
                },
                "example": {
                  "rate_limit": {
                    "id": "application=ci-agent,tool=notes/echo",
                    "application": "ci-agent",
                    "tool": "notes/echo",
                    "limit": 5,
                    "period_seconds": 60
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/v1/rate-limits/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The rule's id.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "delete": {
        "operationId": "removeRateLimit",
        "summary": "Remove a rate-limit rule.",
        "tags": [
          "rate-limits"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RateLimitChange"
                },
                "example": {
                  "rate_limit": {
                    "id": "application=ci-agent,tool=notes/echo",
                    "application": "ci-agent",
                    "tool": "notes/echo",
                    "limit": 5,
                    "period_seconds": 60
                  },
                  "diagnostics": []
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/apply": {
      "post": {
        "operationId": "applyConfiguration",
        "summary": "Apply a configuration (YAML or JSON), or preview it with dry_run.",
        "tags": [
          "configuration"
        ],
        "responses": {
          "200": {
            "description": "What changed (or would change).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApplyResult"
                },
                "example": {
                  "source": "/etc/gatehouse/gatehouse.yaml",
                  "dry_run": true,
                  "changes": [
                    {
                      "action": "add",
                      "kind": "server",
                      "name": "notes",
                      "details": []
                    },
                    {
                      "action": "update",
                      "kind": "server",
                      "name": "demo",
                      "details": [
                        "tools.enabled [echo] → [*]"
                      ]
                    }
                  ],
                  "unchanged": 1,
                  "lines": [
                    "+ server notes",
                    "~ server demo: tools.enabled [echo] → [*]",
                    "= 1 unchanged"
                  ],
                  "diagnostics": [],
                  "generation": 7
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        },
        "description": "Idempotent. Entries the configuration creates are marked with `source`; applying the same source again removes entries it declared before and no longer declares. Entries created through the CLI or API are never removed.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApplyRequest"
              },
              "example": {
                "config": "servers:\n  - slug: notes\n    name: com.example/notes\n    upstream: { url: http://127.0.0.1:8765/mcp }\n    tools: { enabled: [echo] }\n",
                "source": "/etc/gatehouse/gatehouse.yaml",
                "file": "gatehouse.yaml",
                "dry_run": true
              }
            }
          }
        }
      }
    },
    "/api/v1/audit": {
      "get": {
        "operationId": "tailAudit",
        "summary": "The newest audit records, oldest first.",
        "tags": [
          "audit"
        ],
        "responses": {
          "200": {
            "description": "The records.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditTail"
                },
                "example": {
                  "records": [
                    {
                      "sequence": 42,
                      "time": "2026-11-22T10:15:03.120Z",
                      "request_id": "7",
                      "application": "ci-agent",
                      "endpoint": "/mcp",
                      "method": "tools/call",
                      "server": "notes",
                      "target": "echo",
                      "outcome": "ok",
                      "latency_us": 812,
                      "protocol_version": "2025-11-25",
                      "client_address": "127.0.0.1"
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "How many records (default 100, at most 10000).",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10000,
              "default": 100
            }
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "description": "Only records with a sequence above this one (to follow the log).",
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 0
            }
          }
        ]
      }
    },
    "/api/v1/audit/export": {
      "get": {
        "operationId": "exportAudit",
        "summary": "Audit records with their chain hashes, oldest first.",
        "tags": [
          "audit"
        ],
        "parameters": [
          {
            "name": "after",
            "in": "query",
            "description": "Only records with a larger sequence.",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "description": "At most this many (default 1000, at most 10000).",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditExport"
                },
                "example": {
                  "records": [
                    {
                      "record": {
                        "sequence": 1,
                        "time": "2026-11-22T10:16:00.500Z",
                        "endpoint": "/mcp",
                        "method": "tools/call",
                        "application": "ci-agent",
                        "server": "notes",
                        "target": "add",
                        "outcome": "denied",
                        "latency_us": 412,
                        "error_code": -32001,
                        "error_reason": "arguments_denied",
                        "decision": "deny",
                        "policies": [
                          "no-big-sums"
                        ],
                        "policy_set_version": 3,
                        "arguments_hash": "3b1f6e0a9c2d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f"
                      },
                      "previous_hash": "0000000000000000000000000000000000000000000000000000000000000000",
                      "hash": "7d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c"
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/audit/verify": {
      "post": {
        "operationId": "verifyAudit",
        "summary": "Check the audit log's hash chain.",
        "tags": [
          "audit"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerification"
                },
                "example": {
                  "intact": true,
                  "records": 1520,
                  "unchained": 0,
                  "head_sequence": 1520,
                  "head_hash": "7d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c",
                  "problems": []
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/users": {
      "get": {
        "operationId": "listUsers",
        "summary": "List users (never their passwords).",
        "tags": [
          "identity"
        ],
        "responses": {
          "200": {
            "description": "Every user, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UserList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "createUser",
        "summary": "Create a built-in user; a plain password in the body is hashed at once (scrypt).",
        "tags": [
          "identity"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UserDefinition"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/v1/users/{name}": {
      "parameters": [
        {
          "name": "name",
          "in": "path",
          "required": true,
          "description": "The user name.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "put": {
        "operationId": "replaceUser",
        "summary": "Replace a user's settings (password, application, groups, disabled).",
        "tags": [
          "identity"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UserDefinition"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      },
      "delete": {
        "operationId": "removeUser",
        "summary": "Remove a user; their access tokens stop working at once.",
        "tags": [
          "identity"
        ],
        "responses": {
          "200": {
            "description": "The removed user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/certificates": {
      "get": {
        "operationId": "listCertificateMappings",
        "summary": "List client certificate mappings of the mTLS listener.",
        "tags": [
          "identity"
        ],
        "responses": {
          "200": {
            "description": "Every mapping.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CertificateMappingList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "post": {
        "operationId": "mapCertificate",
        "summary": "Map a client certificate name (dns:, uri:, email:, cn:) to an application.",
        "tags": [
          "identity"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CertificateMappingDefinition"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The mapping.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CertificateMapping"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/v1/certificates/{subject}": {
      "parameters": [
        {
          "name": "subject",
          "in": "path",
          "required": true,
          "description": "The certificate name, such as dns:agent.internal.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "delete": {
        "operationId": "unmapCertificate",
        "summary": "Remove a mapping: that certificate is refused from the next request on.",
        "tags": [
          "identity"
        ],
        "responses": {
          "200": {
            "description": "The removed mapping.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CertificateMapping"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/api/v1/signing-keys/rotate": {
      "post": {
        "operationId": "rotateSigningKey",
        "summary": "Rotate the access token signing key; the previous key keeps verifying until its tokens expire.",
        "tags": [
          "identity"
        ],
        "responses": {
          "200": {
            "description": "The new key id.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RotatedKey"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "adminToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The admin token."
      }
    },
    "schemas": {
      "Diagnostic": {
        "type": "object",
        "required": [
          "severity",
          "message"
        ],
        "properties": {
          "severity": {
            "type": "string",
            "enum": [
              "error",
              "warning",
              "note"
            ]
          },
          "message": {
            "type": "string"
          },
          "file": {
            "type": "string"
          },
          "line": {
            "type": "integer",
            "minimum": 1
          },
          "path": {
            "type": "string",
            "description": "The setting, e.g. `servers[2].upstream.url`."
          }
        }
      },
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string",
                "enum": [
                  "bad_request",
                  "unauthorized",
                  "not_found",
                  "conflict",
                  "invalid",
                  "unavailable",
                  "internal"
                ]
              },
              "message": {
                "type": "string"
              },
              "diagnostics": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Diagnostic"
                }
              }
            }
          }
        }
      },
      "ToolSelection": {
        "type": "object",
        "description": "Which discovered tools are enabled: those named in `enabled` (or all with `*`) and not in `disabled`.",
        "properties": {
          "enabled": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "disabled": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "max_severity": {
            "$ref": "#/components/schemas/Severity",
            "description": "Tools with a Shield finding above this severity cannot be enabled and are held back."
          }
        }
      },
      "Severity": {
        "type": "string",
        "enum": [
          "info",
          "low",
          "medium",
          "high",
          "critical"
        ]
      },
      "GuardrailAction": {
        "type": "string",
        "enum": [
          "block",
          "redact",
          "flag",
          "off"
        ]
      },
      "Guardrails": {
        "type": "object",
        "description": "Shield settings of a server (see docs/guardrails.md).",
        "properties": {
          "detectors": {
            "type": "object",
            "description": "Detector name (shell_injection, sql_injection, path_traversal, ssrf, secrets, email, phone, national_id, payment_card, iban, prompt_injection) to action.",
            "additionalProperties": {
              "$ref": "#/components/schemas/GuardrailAction"
            }
          },
          "tools": {
            "type": "object",
            "description": "Tool name to detector name to action, over the server's.",
            "additionalProperties": {
              "type": "object",
              "additionalProperties": {
                "$ref": "#/components/schemas/GuardrailAction"
              }
            }
          },
          "hook": {
            "type": "object",
            "description": "An external guardrail service.",
            "properties": {
              "url": {
                "type": "string"
              },
              "timeout": {
                "type": "string",
                "description": "A duration such as 500ms or 2s; default 2s."
              },
              "on_failure": {
                "type": "string",
                "enum": [
                  "fail_open",
                  "fail_closed"
                ]
              },
              "phases": {
                "type": "array",
                "items": {
                  "type": "string",
                  "enum": [
                    "arguments",
                    "result"
                  ]
                }
              }
            }
          }
        }
      },
      "Finding": {
        "type": "object",
        "description": "A Shield scan finding.",
        "required": [
          "rule",
          "severity",
          "explanation",
          "evidence"
        ],
        "properties": {
          "rule": {
            "type": "string",
            "description": "e.g. poisoning.hidden_tag, shadowing.cross_server_reference, parameter.free_form_command."
          },
          "severity": {
            "$ref": "#/components/schemas/Severity"
          },
          "explanation": {
            "type": "string"
          },
          "evidence": {
            "type": "object",
            "required": [
              "path",
              "start",
              "end",
              "excerpt"
            ],
            "properties": {
              "path": {
                "type": "string",
                "description": "JSON pointer into the definition."
              },
              "start": {
                "type": "integer",
                "description": "Unicode scalar offset, inclusive."
              },
              "end": {
                "type": "integer",
                "description": "Unicode scalar offset, exclusive."
              },
              "excerpt": {
                "type": "string"
              }
            }
          }
        }
      },
      "ScannedItem": {
        "type": "object",
        "required": [
          "name",
          "definition_hash"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "definition_hash": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "findings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Finding"
            }
          }
        }
      },
      "GuardrailHit": {
        "type": "object",
        "required": [
          "phase",
          "detector",
          "kind",
          "action",
          "location"
        ],
        "properties": {
          "phase": {
            "type": "string",
            "enum": [
              "arguments",
              "result"
            ]
          },
          "detector": {
            "type": "string",
            "description": "A detector name, or external_hook."
          },
          "kind": {
            "type": "string"
          },
          "action": {
            "type": "string"
          },
          "location": {
            "type": "string",
            "description": "JSON pointer to the matching string; the matched text is never recorded."
          }
        }
      },
      "UpstreamDefinition": {
        "type": "object",
        "description": "`url` (Streamable HTTP) or `command` (stdio), not both.",
        "properties": {
          "url": {
            "type": "string",
            "description": "http:// or https:// URL of a Streamable HTTP server."
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            },
            "description": "Static headers sent upstream."
          },
          "command": {
            "type": "string"
          },
          "args": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "env": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "working_directory": {
            "type": "string"
          }
        }
      },
      "ServerDefinition": {
        "type": "object",
        "description": "A server as in the `servers:` section of the configuration file.",
        "properties": {
          "slug": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          },
          "name": {
            "type": "string",
            "description": "Reverse-DNS registry name.",
            "pattern": "^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$",
            "minLength": 3,
            "maxLength": 200
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "active",
              "deprecated",
              "revoked"
            ]
          },
          "upstream": {
            "$ref": "#/components/schemas/UpstreamDefinition"
          },
          "tools": {
            "$ref": "#/components/schemas/ToolSelection"
          },
          "deprecation": {
            "$ref": "#/components/schemas/Deprecation"
          },
          "guardrails": {
            "$ref": "#/components/schemas/Guardrails"
          }
        }
      },
      "Upstream": {
        "type": "object",
        "required": [
          "transport"
        ],
        "description": "An upstream without secrets: header and environment values are never shown.",
        "properties": {
          "transport": {
            "type": "string",
            "enum": [
              "http",
              "stdio"
            ]
          },
          "url": {
            "type": "string"
          },
          "header_names": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "command": {
            "type": "string"
          },
          "args": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "env_names": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "working_directory": {
            "type": "string"
          }
        }
      },
      "Discovery": {
        "type": "object",
        "required": [
          "discovered_at",
          "tool_count",
          "prompt_count"
        ],
        "properties": {
          "discovered_at": {
            "type": "string",
            "format": "date-time"
          },
          "protocol_version": {
            "type": "string"
          },
          "tool_count": {
            "type": "integer"
          },
          "prompt_count": {
            "type": "integer"
          },
          "last_error": {
            "type": "string"
          }
        }
      },
      "Server": {
        "type": "object",
        "required": [
          "slug",
          "name",
          "status",
          "upstream",
          "tools"
        ],
        "properties": {
          "slug": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "version": {
            "type": "string",
            "description": "Semantic version (MAJOR.MINOR.PATCH); `/servers/{slug}/v{major}/mcp` serves the entry with the same name and this major."
          },
          "status": {
            "type": "string",
            "enum": [
              "active",
              "deprecated",
              "revoked"
            ]
          },
          "upstream": {
            "$ref": "#/components/schemas/Upstream"
          },
          "tools": {
            "$ref": "#/components/schemas/ToolSelection"
          },
          "managed_by": {
            "type": "string",
            "description": "The configuration file that manages the entry; absent when created through the CLI or API."
          },
          "discovery": {
            "$ref": "#/components/schemas/Discovery"
          },
          "deprecation": {
            "$ref": "#/components/schemas/Deprecation"
          },
          "guardrails": {
            "$ref": "#/components/schemas/Guardrails"
          }
        }
      },
      "ServerList": {
        "type": "object",
        "required": [
          "servers"
        ],
        "properties": {
          "servers": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Server"
            }
          }
        }
      },
      "ServerChange": {
        "type": "object",
        "required": [
          "server",
          "diagnostics"
        ],
        "properties": {
          "server": {
            "$ref": "#/components/schemas/Server"
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          }
        }
      },
      "Tool": {
        "type": "object",
        "required": [
          "name",
          "enabled",
          "definition_hash"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "enabled": {
            "type": "boolean"
          },
          "definition_hash": {
            "type": "string",
            "description": "Hex SHA-256 of the canonical definition."
          },
          "description": {
            "type": "string"
          },
          "pinned_hash": {
            "type": "string",
            "description": "The approved definition hash (pinned when the tool is enabled and discovered)."
          },
          "status": {
            "type": "string",
            "enum": [
              "enabled",
              "disabled",
              "quarantined"
            ],
            "description": "`quarantined`: the definition changed since it was approved; hidden from lists, calls refused until approved."
          },
          "schema_error": {
            "type": "string",
            "description": "Why the tool's inputSchema does not compile (its calls are refused)."
          },
          "findings": {
            "type": "array",
            "description": "Shield's scan findings, most severe first; absent for tools discovered before Shield.",
            "items": {
              "$ref": "#/components/schemas/Finding"
            }
          },
          "held_back": {
            "type": "boolean",
            "description": "Enabled by the selection but refused: a finding exceeds the enable limit."
          }
        }
      },
      "ToolList": {
        "type": "object",
        "required": [
          "server",
          "selection",
          "tools"
        ],
        "properties": {
          "server": {
            "type": "string"
          },
          "discovered_at": {
            "type": "string",
            "format": "date-time",
            "description": "Absent when the server was never discovered."
          },
          "last_error": {
            "type": "string"
          },
          "selection": {
            "$ref": "#/components/schemas/ToolSelection"
          },
          "managed_by": {
            "type": "string"
          },
          "tools": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Tool"
            }
          },
          "quarantined_prompts": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "prompts": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ScannedItem"
            }
          },
          "resource_templates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ScannedItem"
            }
          }
        }
      },
      "ToolNames": {
        "type": "object",
        "required": [
          "tools"
        ],
        "properties": {
          "tools": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "string"
            },
            "description": "Tool names; `*` for all."
          }
        }
      },
      "ToolChange": {
        "type": "object",
        "required": [
          "tools",
          "diagnostics"
        ],
        "properties": {
          "tools": {
            "$ref": "#/components/schemas/ToolList"
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          }
        }
      },
      "AllowRule": {
        "type": "object",
        "required": [
          "server"
        ],
        "properties": {
          "server": {
            "type": "string"
          },
          "tools": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Omit for every enabled tool of the server."
          }
        }
      },
      "ApplicationDefinition": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
          },
          "allow": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AllowRule"
            }
          },
          "project": {
            "type": "string",
            "description": "The project the application and its keys belong to; absent means default.",
            "pattern": "^[a-z][a-z0-9-]{0,31}$"
          }
        }
      },
      "Application": {
        "type": "object",
        "required": [
          "name",
          "allow",
          "active_keys"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "allow": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AllowRule"
            }
          },
          "managed_by": {
            "type": "string"
          },
          "active_keys": {
            "type": "integer"
          },
          "project": {
            "type": "string"
          }
        }
      },
      "ApplicationList": {
        "type": "object",
        "required": [
          "applications"
        ],
        "properties": {
          "applications": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Application"
            }
          }
        }
      },
      "ApplicationChange": {
        "type": "object",
        "required": [
          "application",
          "diagnostics"
        ],
        "properties": {
          "application": {
            "$ref": "#/components/schemas/Application"
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          }
        }
      },
      "Key": {
        "type": "object",
        "required": [
          "id",
          "application",
          "display_prefix",
          "created_at",
          "status"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "display_prefix": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          },
          "revoked_at": {
            "type": "string",
            "format": "date-time"
          },
          "last_used_at": {
            "type": "string",
            "format": "date-time"
          },
          "status": {
            "type": "string",
            "enum": [
              "active",
              "expired",
              "revoked"
            ]
          },
          "project": {
            "type": "string",
            "description": "The project the key was issued in (its application's; `default` unless set)."
          }
        }
      },
      "KeyList": {
        "type": "object",
        "required": [
          "keys"
        ],
        "properties": {
          "keys": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Key"
            }
          }
        }
      },
      "CreateKey": {
        "type": "object",
        "required": [
          "application"
        ],
        "properties": {
          "application": {
            "type": "string"
          },
          "expires_in": {
            "type": "string",
            "description": "A duration such as `30d`, `12h`, `2w`.",
            "pattern": "^[1-9][0-9]*[smhdw]$"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "CreatedKey": {
        "type": "object",
        "required": [
          "key",
          "api_key"
        ],
        "properties": {
          "key": {
            "type": "string",
            "description": "The key itself. Shown once; only its hash is stored."
          },
          "api_key": {
            "$ref": "#/components/schemas/Key"
          }
        }
      },
      "ApplyRequest": {
        "type": "object",
        "required": [
          "config",
          "source"
        ],
        "properties": {
          "config": {
            "type": "string",
            "description": "The configuration, YAML or JSON text."
          },
          "source": {
            "type": "string",
            "description": "Marks the entries this configuration manages (by convention the file's absolute path); applying again with the same source removes what it no longer declares."
          },
          "file": {
            "type": "string",
            "description": "How diagnostics name the file; defaults to `source`."
          },
          "dry_run": {
            "type": "boolean",
            "default": false
          }
        }
      },
      "Change": {
        "type": "object",
        "required": [
          "action",
          "kind",
          "name",
          "details"
        ],
        "properties": {
          "action": {
            "type": "string",
            "enum": [
              "add",
              "update",
              "remove"
            ]
          },
          "kind": {
            "type": "string",
            "enum": [
              "server",
              "application"
            ]
          },
          "name": {
            "type": "string"
          },
          "details": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "ApplyResult": {
        "type": "object",
        "required": [
          "source",
          "dry_run",
          "changes",
          "unchanged",
          "lines",
          "diagnostics",
          "generation"
        ],
        "properties": {
          "source": {
            "type": "string"
          },
          "dry_run": {
            "type": "boolean"
          },
          "changes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Change"
            }
          },
          "unchanged": {
            "type": "integer"
          },
          "lines": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "The diff as `gatehouse apply` prints it."
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          },
          "generation": {
            "type": "integer",
            "format": "int64"
          }
        }
      },
      "AuditRecord": {
        "type": "object",
        "required": [
          "sequence",
          "time",
          "endpoint",
          "method",
          "outcome",
          "latency_us"
        ],
        "properties": {
          "sequence": {
            "type": "integer",
            "format": "int64"
          },
          "time": {
            "type": "string",
            "format": "date-time"
          },
          "request_id": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "user": {
            "type": "string",
            "description": "The signed-in user, for calls with an OAuth access token."
          },
          "auth_method": {
            "type": "string",
            "enum": [
              "api_key",
              "access_token",
              "certificate"
            ],
            "description": "How the caller authenticated."
          },
          "client_id": {
            "type": "string",
            "description": "The OAuth client the access token was issued to."
          },
          "project": {
            "type": "string",
            "description": "The application's project."
          },
          "endpoint": {
            "type": "string"
          },
          "method": {
            "type": "string"
          },
          "server": {
            "type": "string"
          },
          "target": {
            "type": "string"
          },
          "outcome": {
            "type": "string",
            "description": "`ok`, `error`, `denied` or `rejected`."
          },
          "latency_us": {
            "type": "integer",
            "format": "int64"
          },
          "error_code": {
            "type": "integer"
          },
          "error_reason": {
            "type": "string"
          },
          "error_message": {
            "type": "string"
          },
          "protocol_version": {
            "type": "string"
          },
          "client_address": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "description": "`event` for control-plane events; absent for requests."
          },
          "event": {
            "type": "string",
            "description": "`policy_set_changed`, `tool_quarantined`, `tool_approved`, `prompt_quarantined`, `prompt_approved`."
          },
          "details": {
            "type": "string",
            "description": "The event's details as JSON text (a before/after diff, policy ids)."
          },
          "decision": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "policies": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "policy_set_version": {
            "type": "integer",
            "format": "int64"
          },
          "policy_errors": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "shadow_decision": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "shadow_policies": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "rate_limit_rule": {
            "type": "string"
          },
          "rate_limit_remaining": {
            "type": "integer"
          },
          "retry_after_seconds": {
            "type": "integer"
          },
          "validation": {
            "type": "string",
            "enum": [
              "passed",
              "failed",
              "schema_error"
            ]
          },
          "arguments_hash": {
            "type": "string",
            "description": "Hex SHA-256 of the canonical arguments."
          },
          "arguments": {
            "type": "string",
            "description": "Raw arguments (JSON text), only with gateway.audit.record_arguments."
          },
          "warnings": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "upstream": {
            "type": "string",
            "description": "The upstream the call went to: its URL, or `stdio: command …`."
          },
          "guardrails": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/GuardrailHit"
            }
          },
          "guardrails_truncated": {
            "type": "boolean",
            "description": "A payload exceeded shield.max_scan_bytes and was only partly inspected."
          }
        }
      },
      "AuditTail": {
        "type": "object",
        "required": [
          "records"
        ],
        "properties": {
          "records": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditRecord"
            }
          }
        }
      },
      "Deprecation": {
        "type": "object",
        "description": "For deprecated servers: responses carry `Deprecation`, `Sunset` and `Link` headers; after the sunset, calls get HTTP 410.",
        "properties": {
          "since": {
            "type": "string",
            "description": "A date (2026-10-01) or ISO 8601 time."
          },
          "sunset": {
            "type": "string",
            "description": "A date or ISO 8601 time."
          },
          "link": {
            "type": "string",
            "description": "The migration guide (http or https)."
          }
        }
      },
      "PolicyDefinition": {
        "type": "object",
        "description": "A policy as in the `policies:` section of the configuration file.",
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"
          },
          "server": {
            "type": "string",
            "description": "Attach to one server; omit for the whole project."
          },
          "mode": {
            "type": "string",
            "enum": [
              "enforce",
              "shadow"
            ]
          },
          "cedar": {
            "type": "string",
            "description": "One or more Cedar forbid policies."
          },
          "description": {
            "type": "string"
          }
        }
      },
      "Policy": {
        "type": "object",
        "required": [
          "id",
          "mode",
          "cedar"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "server": {
            "type": "string"
          },
          "mode": {
            "type": "string",
            "enum": [
              "enforce",
              "shadow"
            ]
          },
          "cedar": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "managed_by": {
            "type": "string"
          }
        }
      },
      "PolicyList": {
        "type": "object",
        "required": [
          "version",
          "policies"
        ],
        "properties": {
          "version": {
            "type": "integer",
            "format": "int64",
            "description": "The policy-set version: it moves with every policy change."
          },
          "policies": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Policy"
            }
          }
        }
      },
      "PolicyChange": {
        "type": "object",
        "required": [
          "policy",
          "version",
          "diagnostics"
        ],
        "properties": {
          "policy": {
            "$ref": "#/components/schemas/Policy"
          },
          "version": {
            "type": "integer",
            "format": "int64"
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          }
        }
      },
      "PolicyTest": {
        "type": "object",
        "required": [
          "application",
          "tool"
        ],
        "properties": {
          "application": {
            "type": "string"
          },
          "tool": {
            "type": "string",
            "description": "server/tool"
          },
          "arguments": {
            "type": "object"
          },
          "client_address": {
            "type": "string"
          }
        }
      },
      "PolicyTestResult": {
        "type": "object",
        "required": [
          "decision",
          "determining_policies",
          "errors",
          "listed",
          "policy_set_version"
        ],
        "properties": {
          "decision": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "denied_by": {
            "type": "string",
            "enum": [
              "server_status",
              "allow_list",
              "enablement",
              "quarantine",
              "policy",
              "argument_policy"
            ]
          },
          "reason": {
            "type": "string"
          },
          "determining_policies": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "errors": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "listed": {
            "type": "boolean",
            "description": "Whether tools/list shows the tool to this application."
          },
          "shadow_decision": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "shadow_policies": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "policy_set_version": {
            "type": "integer",
            "format": "int64"
          }
        }
      },
      "RateLimitDefinition": {
        "type": "object",
        "description": "Selectors take a name or `*` (each one separately); exactly one rate.",
        "properties": {
          "id": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "user": {
            "type": "string"
          },
          "server": {
            "type": "string"
          },
          "tool": {
            "type": "string",
            "description": "server/tool"
          },
          "project": {
            "type": "string"
          },
          "per_second": {
            "type": "integer",
            "minimum": 1
          },
          "per_minute": {
            "type": "integer",
            "minimum": 1
          },
          "per_hour": {
            "type": "integer",
            "minimum": 1
          },
          "per_day": {
            "type": "integer",
            "minimum": 1
          },
          "burst": {
            "type": "integer",
            "minimum": 1
          }
        }
      },
      "RateLimit": {
        "type": "object",
        "required": [
          "id",
          "limit",
          "period_seconds"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "user": {
            "type": "string"
          },
          "server": {
            "type": "string"
          },
          "tool": {
            "type": "string"
          },
          "project": {
            "type": "string"
          },
          "limit": {
            "type": "integer"
          },
          "period_seconds": {
            "type": "integer"
          },
          "burst": {
            "type": "integer"
          },
          "managed_by": {
            "type": "string"
          }
        }
      },
      "RateLimitList": {
        "type": "object",
        "required": [
          "rate_limits"
        ],
        "properties": {
          "rate_limits": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RateLimit"
            }
          }
        }
      },
      "RateLimitChange": {
        "type": "object",
        "required": [
          "rate_limit",
          "diagnostics"
        ],
        "properties": {
          "rate_limit": {
            "$ref": "#/components/schemas/RateLimit"
          },
          "diagnostics": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Diagnostic"
            }
          }
        }
      },
      "Approve": {
        "type": "object",
        "description": "Names of tools and prompts whose current definitions become the approved ones (`*` for all).",
        "properties": {
          "tools": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "prompts": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "ExportedAuditRecord": {
        "type": "object",
        "required": [
          "record"
        ],
        "properties": {
          "record": {
            "$ref": "#/components/schemas/AuditRecord"
          },
          "previous_hash": {
            "type": "string"
          },
          "hash": {
            "type": "string",
            "description": "SHA-256 over previous_hash, sequence and the stored record."
          }
        }
      },
      "AuditExport": {
        "type": "object",
        "required": [
          "records"
        ],
        "properties": {
          "records": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ExportedAuditRecord"
            }
          }
        }
      },
      "AuditVerification": {
        "type": "object",
        "required": [
          "intact",
          "records",
          "unchained",
          "problems"
        ],
        "properties": {
          "intact": {
            "type": "boolean"
          },
          "records": {
            "type": "integer"
          },
          "unchained": {
            "type": "integer",
            "description": "Records written before the chain began."
          },
          "head_sequence": {
            "type": "integer",
            "format": "int64"
          },
          "head_hash": {
            "type": "string"
          },
          "problems": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "User": {
        "type": "object",
        "required": [
          "name",
          "groups",
          "disabled",
          "source",
          "has_password",
          "created_at"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "groups": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "disabled": {
            "type": "boolean"
          },
          "source": {
            "type": "string",
            "enum": [
              "builtin",
              "oidc"
            ]
          },
          "email": {
            "type": "string"
          },
          "has_password": {
            "type": "boolean"
          },
          "managed_by": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "UserList": {
        "type": "object",
        "required": [
          "users"
        ],
        "properties": {
          "users": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/User"
            }
          }
        }
      },
      "UserDefinition": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "password": {
            "type": "string",
            "description": "At least 8 characters; hashed at once, never stored or returned."
          },
          "password_hash": {
            "type": "string",
            "description": "A scrypt hash from `gatehouse users hash-password`."
          },
          "application": {
            "type": "string"
          },
          "groups": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "disabled": {
            "type": "boolean"
          }
        }
      },
      "CertificateMapping": {
        "type": "object",
        "required": [
          "subject",
          "application"
        ],
        "properties": {
          "subject": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "managed_by": {
            "type": "string"
          }
        }
      },
      "CertificateMappingList": {
        "type": "object",
        "required": [
          "certificates"
        ],
        "properties": {
          "certificates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CertificateMapping"
            }
          }
        }
      },
      "CertificateMappingDefinition": {
        "type": "object",
        "required": [
          "subject",
          "application"
        ],
        "properties": {
          "subject": {
            "type": "string"
          },
          "application": {
            "type": "string"
          }
        }
      },
      "RotatedKey": {
        "type": "object",
        "required": [
          "kid"
        ],
        "properties": {
          "kid": {
            "type": "string"
          }
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request is malformed.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "bad_request",
                "message": "The request body is not valid: tools is required."
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No or a wrong admin token.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "unauthorized",
                "message": "The admin token is not valid."
              }
            }
          }
        },
        "headers": {
          "WWW-Authenticate": {
            "schema": {
              "type": "string"
            },
            "description": "`Bearer realm=\"gatehouse-admin\"`"
          }
        }
      },
      "NotFound": {
        "description": "The named entry does not exist.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "not_found",
                "message": "No server \"nots\" is registered; `gatehouse servers list` shows the registered ones."
              }
            }
          }
        }
      },
      "Conflict": {
        "description": "The change clashes with the registry.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "conflict",
                "message": "Server notes is still allowed by application ci-agent; remove notes from its allow list first."
              }
            }
          }
        }
      },
      "Invalid": {
        "description": "The content breaks a rule; `diagnostics` lists every problem.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "invalid",
                "message": "gatehouse.yaml has 2 errors.",
                "diagnostics": [
                  {
                    "severity": "error",
                    "message": "servers[2].upstream.url has unsupported scheme \"htp\"; use http, https or stdio.",
                    "file": "gatehouse.yaml",
                    "line": 14,
                    "path": "servers[2].upstream.url"
                  },
                  {
                    "severity": "error",
                    "message": "applications[0].allow[1].server \"nots\" is not a known server; did you mean \"notes\"?",
                    "file": "gatehouse.yaml",
                    "line": 20,
                    "path": "applications[0].allow[1].server"
                  }
                ]
              }
            }
          }
        }
      },
      "Unavailable": {
        "description": "The store is busy; retry.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "unavailable",
                "message": "Cannot save a registry change (/srv/gatehouse/gatehouse.sqlite): another process kept the database locked for longer than the busy timeout; retry."
              }
            }
          }
        }
      }
    }
  }
}
"""#
}
