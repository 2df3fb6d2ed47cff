/// The OpenAPI 3.1 document of the API, served at `/openapi.json`. Hand-written; a test checks every path is routed and
/// that real responses of the main endpoints satisfy these schemas, so it cannot drift.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "AssetMap API",
  "version": "1.0.0",
  "description": "One deduplicated, geospatial directory of a council's and its partners' lists.\n\nAnonymous callers see only sources shared `open`; `partner` keys also `partners`; `officer` and `admin` keys everything, and may write. Send keys as `Authorization: Bearer KEY`. A wrong or revoked key is 401; a key without the role an endpoint needs is 403. Errors are `application/problem+json`; a 400 names the parameter at fault. Read endpoints answer with an `ETag` and honour `If-None-Match`; every response carries `Access-Control-Allow-Origin: *`."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "tags": [
  {
   "name": "directory"
  },
  {
   "name": "areas"
  },
  {
   "name": "analysis"
  },
  {
   "name": "officer"
  },
  {
   "name": "system"
  }
 ],
 "paths": {
  "/health": {
   "get": {
    "operationId": "health",
    "tags": [
     "system"
    ],
    "summary": "Liveness and database status",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "503": {
      "description": "The database does not answer",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "operationId": "openapi",
    "tags": [
     "system"
    ],
    "summary": "This document",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "operationId": "metrics",
    "tags": [
     "system"
    ],
    "summary": "Prometheus text: requests and latency by route and status, directory size",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "Prometheus text exposition format 0.0.4",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/v1/search": {
   "get": {
    "operationId": "search",
    "summary": "Search the directory",
    "description": "Words by relevance; with `near`, nearest first. Results are what the caller's role may see.",
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "words to look for",
      "schema": {
       "type": "string",
       "maxLength": 200
      }
     },
     {
      "name": "near",
      "in": "query",
      "required": false,
      "description": "a UK postcode (any spacing or case), a sector or district, or `lat,lon`",
      "schema": {
       "type": "string",
       "maxLength": 60
      }
     },
     {
      "name": "radius",
      "in": "query",
      "required": false,
      "description": "only within this many metres of `near` (needs `near`)",
      "schema": {
       "type": "number",
       "minimum": 1,
       "maximum": 100000
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "description": "only this category, e.g. `food bank`",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     },
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "description": "only this kind",
      "schema": {
       "type": "string",
       "enum": [
        "organisation",
        "service",
        "place"
       ]
      }
     },
     {
      "name": "area",
      "in": "query",
      "required": false,
      "description": "only inside this area: a code in any layer, or a name",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "page number (page × per_page ≤ 10,000)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "default": 1
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "results per page",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100,
       "default": 20
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "`geojson` for a FeatureCollection",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "geojson"
       ],
       "default": "json"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "A page of results",
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SearchPage"
        }
       },
       "application/geo+json": {
        "schema": {
         "$ref": "#/components/schemas/SearchFeatureCollection"
        }
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "directory"
    ]
   }
  },
  "/v1/entities/{id}": {
   "get": {
    "operationId": "entity",
    "summary": "One entity: golden record with provenance, members, areas",
    "description": "Only members from sources the caller may see are shown, and the golden record is chosen from them; an entity with no visible member is 404. A merged-away id answers with the entity it went into.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "entity number, or its UUID",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Entity"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
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
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "directory"
    ]
   }
  },
  "/v1/postcodes/{postcode}": {
   "get": {
    "operationId": "postcode",
    "summary": "A postcode's point and its area in every layer",
    "description": "",
    "parameters": [
     {
      "name": "postcode",
      "in": "path",
      "required": true,
      "description": "a full UK postcode, any spacing or case",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PostcodeLookup"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
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
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "areas"
    ]
   }
  },
  "/v1/areas": {
   "get": {
    "operationId": "areas",
    "summary": "Area layers, or the areas of one layer",
    "description": "Without `layer`, the loaded layers; with it, that layer's areas with population and how many entities the caller may see in each.",
    "parameters": [
     {
      "name": "layer",
      "in": "query",
      "required": false,
      "description": "a layer name, e.g. ward",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "Layers or areas",
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/AreaLayers"
          },
          {
           "$ref": "#/components/schemas/AreaLayer"
          }
         ]
        }
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "areas"
    ]
   }
  },
  "/v1/areas/{code}": {
   "get": {
    "operationId": "area",
    "summary": "One area, optionally with its polygon",
    "description": "",
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "description": "an area code (any layer), or a name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "layer",
      "in": "query",
      "required": false,
      "description": "the layer, when a name is ambiguous",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "geometry",
      "in": "query",
      "required": false,
      "description": "include the polygon",
      "schema": {
       "type": "boolean",
       "default": false
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "`geojson` for a Feature with the polygon",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "geojson"
       ],
       "default": "json"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The area",
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Area"
        }
       },
       "application/geo+json": {
        "schema": {
         "$ref": "#/components/schemas/AreaFeature"
        }
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
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
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "areas"
    ]
   }
  },
  "/v1/areas/{code}/profile": {
   "get": {
    "operationId": "areaProfile",
    "summary": "What an area holds, by kind and category, per 1,000 residents",
    "description": "As the caller may see it.",
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "description": "an area code (any layer), or a name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "layer",
      "in": "query",
      "required": false,
      "description": "the layer, when a name is ambiguous",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AreaProfile"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
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
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "areas"
    ]
   }
  },
  "/v1/gaps": {
   "get": {
    "operationId": "gaps",
    "summary": "Areas whose residents are farthest from a kind of provision",
    "description": "Farthest first; an area's centre is the mean of its postcode points.",
    "parameters": [
     {
      "name": "category",
      "in": "query",
      "required": true,
      "description": "the provision, e.g. library",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "layer",
      "in": "query",
      "required": true,
      "description": "the area layer, e.g. lsoa",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "beyond",
      "in": "query",
      "required": false,
      "description": "only areas farther than this many metres",
      "schema": {
       "type": "number",
       "minimum": 0
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Gaps"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "analysis"
    ]
   }
  },
  "/v1/coverage": {
   "get": {
    "operationId": "coverage",
    "summary": "Which sources list which entities; single-source entities; duplicates inside a list; conflicting values",
    "description": "Officers and admins only.",
    "parameters": [
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "at most this many items per list",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 10000,
       "default": 1000
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Coverage"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "tags": [
     "analysis"
    ]
   }
  },
  "/v1/colocation": {
   "get": {
    "operationId": "colocation",
    "summary": "Partner-estate co-location opportunities",
    "description": "Open to all, but each caller sees only the estate their role may: anonymous callers buildings from `open` sources, partner keys also `partners` registers, officers everything.",
    "parameters": [
     {
      "name": "area",
      "in": "query",
      "required": false,
      "description": "only inside this area (code or name)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "within",
      "in": "query",
      "required": false,
      "description": "walking distance in metres",
      "schema": {
       "type": "number",
       "minimum": 1,
       "maximum": 10000,
       "default": 400
      }
     },
     {
      "name": "cost_per_m2",
      "in": "query",
      "required": false,
      "description": "running cost per m² where a building's is unknown (£)",
      "schema": {
       "type": "number",
       "minimum": 0,
       "default": 150
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Colocation"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "analysis"
    ]
   }
  },
  "/v1/export": {
   "get": {
    "operationId": "export",
    "summary": "The merged directory as the caller may see it",
    "description": "`entities` and `links` are CSV; `geojson` a FeatureCollection.",
    "parameters": [
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "",
      "schema": {
       "type": "string",
       "enum": [
        "entities",
        "links",
        "geojson"
       ],
       "default": "entities"
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "The export",
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      },
      "content": {
       "text/csv": {
        "schema": {
         "type": "string"
        }
       },
       "application/geo+json": {
        "schema": {
         "type": "object",
         "required": [
          "type",
          "features"
         ]
        }
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "tags": [
     "directory"
    ]
   }
  },
  "/v1/imports": {
   "post": {
    "operationId": "importSource",
    "tags": [
     "officer"
    ],
    "summary": "Import or re-import one source list with its profile, atomically",
    "description": "Officers and admins. The file and profile as multipart/form-data (parts `file` and `profile`) or JSON. A file or profile that cannot be used is 422 with the reason, and changes nothing.",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "dry_run",
      "in": "query",
      "required": false,
      "description": "report what would change, change nothing",
      "schema": {
       "type": "boolean",
       "default": false
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "$ref": "#/components/schemas/ImportForm"
       }
      },
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ImportJSON"
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
         "$ref": "#/components/schemas/ImportReport"
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "415": {
      "description": "Neither multipart/form-data nor JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "$ref": "#/components/responses/Unprocessable"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/audit": {
   "get": {
    "operationId": "auditLog",
    "summary": "The audit log: who imported, decided, merged, split or matched what, and when (oldest first)",
    "description": "Officers and admins. Each entry was written in the transaction of the change it records.",
    "parameters": [
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "only entries at or after this date (YYYY-MM-DD) or ISO 8601 time (UTC)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "action",
      "in": "query",
      "required": false,
      "description": "only this action: import, decide, merge, split or match",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "at most this many",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 10000,
       "default": 1000
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AuditLog"
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "tags": [
     "officer"
    ]
   }
  },
  "/v1/review": {
   "get": {
    "operationId": "reviewQueue",
    "summary": "The review queue: pairs the matcher is unsure about, most likely first",
    "description": "Officers and admins.",
    "parameters": [
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "at most this many",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100,
       "default": 50
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReviewQueue"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "tags": [
     "officer"
    ]
   }
  },
  "/v1/review/{id}": {
   "get": {
    "operationId": "reviewItem",
    "summary": "One review item, explained comparison by comparison",
    "description": "Officers and admins.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "review item number",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     },
     {
      "$ref": "#/components/parameters/IfNoneMatch"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReviewItem"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "304": {
      "description": "Not modified: the If-None-Match ETag is current"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "tags": [
     "officer"
    ]
   },
   "post": {
    "operationId": "decide",
    "tags": [
     "officer"
    ],
    "summary": "Decide a review item: the same thing, or different",
    "description": "Officers and admins. The decision wins over the model and survives re-imports and re-matching.",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "review item number",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Decision"
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
         "$ref": "#/components/schemas/DecisionResult"
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
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key from `assetmap keys create --role partner|officer|admin`"
   }
  },
  "headers": {
   "ETag": {
    "description": "The version of this representation; send it back as If-None-Match",
    "schema": {
     "type": "string"
    }
   }
  },
  "parameters": {
   "IfNoneMatch": {
    "name": "If-None-Match",
    "in": "header",
    "required": false,
    "description": "an ETag from an earlier answer: 304 when unchanged",
    "schema": {
     "type": "string"
    }
   }
  },
  "responses": {
   "BadRequest": {
    "description": "A parameter cannot be used; `parameter` names it",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "No key where one is needed, or a wrong or revoked key",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Forbidden": {
    "description": "The key's role may not do this",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such resource (or none the caller may see)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "TooLarge": {
    "description": "The body is larger than the server accepts",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unprocessable": {
    "description": "The file or profile cannot be imported",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unavailable": {
    "description": "The database is unavailable, or the query ran over its time limit",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  },
  "schemas": {
   "Problem": {
    "type": "object",
    "required": [
     "type",
     "title",
     "status",
     "detail"
    ],
    "properties": {
     "type": {
      "type": "string",
      "description": "urn:assetmap:problem:<slug>, or about:blank"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "detail": {
      "type": "string"
     },
     "parameter": {
      "type": "string",
      "description": "the parameter at fault (400s)"
     },
     "instance": {
      "type": "string"
     }
    }
   },
   "Health": {
    "type": "object",
    "required": [
     "status",
     "database"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok",
       "unavailable"
      ]
     },
     "database": {
      "type": "string"
     },
     "schema": {
      "type": "string"
     },
     "detail": {
      "type": "string"
     }
    }
   },
   "AreaName": {
    "type": "object",
    "required": [
     "code"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "SearchHit": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "name",
     "categories",
     "address",
     "postcode",
     "lat",
     "lon",
     "distance_m",
     "location_precision",
     "approximate_location",
     "areas",
     "sources"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "kind": {
      "type": "string",
      "enum": [
       "organisation",
       "service",
       "place"
      ]
     },
     "name": {
      "type": "string"
     },
     "categories": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "address": {
      "type": [
       "string",
       "null"
      ]
     },
     "postcode": {
      "type": [
       "string",
       "null"
      ]
     },
     "lat": {
      "type": [
       "number",
       "null"
      ]
     },
     "lon": {
      "type": [
       "number",
       "null"
      ]
     },
     "distance_m": {
      "type": [
       "number",
       "null"
      ],
      "description": "metres from near (null without near)"
     },
     "location_precision": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "exact",
       "postcode",
       "sector",
       "district",
       null
      ]
     },
     "approximate_location": {
      "type": "boolean",
      "description": "true when the point is only a postcode sector or district centroid"
     },
     "areas": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/AreaName"
      }
     },
     "sources": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "phone": {
      "type": [
       "string",
       "null"
      ]
     },
     "email": {
      "type": [
       "string",
       "null"
      ]
     },
     "website": {
      "type": [
       "string",
       "null"
      ]
     },
     "opening_hours": {
      "type": [
       "string",
       "null"
      ]
     },
     "description": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "SearchPage": {
    "type": "object",
    "required": [
     "total",
     "page",
     "per_page",
     "results"
    ],
    "properties": {
     "total": {
      "type": "integer"
     },
     "page": {
      "type": "integer"
     },
     "per_page": {
      "type": "integer"
     },
     "results": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SearchHit"
      }
     },
     "corrected_text": {
      "type": [
       "string",
       "null"
      ],
      "description": "the words searched when a misspelling was corrected"
     }
    }
   },
   "PointGeometry": {
    "type": "object",
    "required": [
     "type",
     "coordinates"
    ],
    "properties": {
     "type": {
      "const": "Point"
     },
     "coordinates": {
      "type": "array",
      "items": {
       "type": "number"
      },
      "minItems": 2,
      "maxItems": 2
     }
    }
   },
   "SearchFeatureCollection": {
    "type": "object",
    "required": [
     "type",
     "features",
     "total",
     "page",
     "per_page"
    ],
    "properties": {
     "type": {
      "const": "FeatureCollection"
     },
     "total": {
      "type": "integer"
     },
     "page": {
      "type": "integer"
     },
     "per_page": {
      "type": "integer"
     },
     "features": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "type",
        "id",
        "geometry",
        "properties"
       ],
       "properties": {
        "type": {
         "const": "Feature"
        },
        "id": {
         "type": "integer"
        },
        "geometry": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/PointGeometry"
          },
          {
           "type": "null"
          }
         ]
        },
        "properties": {
         "$ref": "#/components/schemas/SearchHit"
        }
       }
      }
     }
    }
   },
   "FieldChoice": {
    "type": "object",
    "required": [
     "value",
     "source",
     "record_id",
     "alternatives"
    ],
    "properties": {
     "value": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "record_id": {
      "type": "integer"
     },
     "alternatives": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "value",
        "source"
       ],
       "properties": {
        "value": {
         "type": "string"
        },
        "source": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "Entity": {
    "type": "object",
    "required": [
     "id",
     "requested_id",
     "uuid",
     "kind",
     "name",
     "categories",
     "areas",
     "sources",
     "golden",
     "members",
     "links"
    ],
    "properties": {
     "id": {
      "type": "integer",
      "description": "the entity now (after any merge)"
     },
     "requested_id": {
      "type": "string"
     },
     "uuid": {
      "type": "string",
      "format": "uuid"
     },
     "kind": {
      "type": "string",
      "enum": [
       "organisation",
       "service",
       "place"
      ]
     },
     "name": {
      "type": "string"
     },
     "categories": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "address": {
      "type": "string"
     },
     "postcode": {
      "type": "string"
     },
     "lat": {
      "type": "number"
     },
     "lon": {
      "type": "number"
     },
     "location_precision": {
      "type": "string"
     },
     "areas": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/AreaName"
      }
     },
     "sources": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "golden": {
      "type": "object",
      "description": "each field's chosen value, its source and the alternatives",
      "additionalProperties": {
       "$ref": "#/components/schemas/FieldChoice"
      }
     },
     "members": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "record_id",
        "source",
        "source_key",
        "sharing",
        "updated",
        "fields"
       ],
       "properties": {
        "record_id": {
         "type": "integer"
        },
        "source": {
         "type": "string"
        },
        "source_key": {
         "type": "string"
        },
        "sharing": {
         "type": "string",
         "enum": [
          "open",
          "partners",
          "restricted"
         ]
        },
        "name": {
         "type": "string"
        },
        "location_precision": {
         "type": "string"
        },
        "lat": {
         "type": "number"
        },
        "lon": {
         "type": "number"
        },
        "updated": {
         "type": "string"
        },
        "fields": {
         "type": "object",
         "additionalProperties": {
          "type": "string"
         }
        }
       }
      }
     },
     "links": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "review_id",
        "record_a",
        "record_b",
        "probability"
       ],
       "properties": {
        "review_id": {
         "type": "integer"
        },
        "record_a": {
         "type": "integer"
        },
        "record_b": {
         "type": "integer"
        },
        "probability": {
         "type": "number"
        }
       }
      }
     }
    }
   },
   "PostcodeLookup": {
    "type": "object",
    "required": [
     "postcode",
     "sector",
     "district",
     "lat",
     "lon",
     "areas"
    ],
    "properties": {
     "postcode": {
      "type": "string"
     },
     "sector": {
      "type": "string"
     },
     "district": {
      "type": "string"
     },
     "lat": {
      "type": "number"
     },
     "lon": {
      "type": "number"
     },
     "areas": {
      "type": "object",
      "additionalProperties": {
       "type": "object",
       "required": [
        "code",
        "basis"
       ],
       "properties": {
        "code": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "basis": {
         "type": "string",
         "enum": [
          "polygon",
          "directory"
         ]
        },
        "directory_code": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "AreaLayers": {
    "type": "object",
    "required": [
     "layers"
    ],
    "properties": {
     "layers": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "name",
        "areas",
        "has_codes",
        "with_population",
        "loaded_at"
       ],
       "properties": {
        "name": {
         "type": "string"
        },
        "areas": {
         "type": "integer"
        },
        "has_codes": {
         "type": "boolean"
        },
        "with_population": {
         "type": "integer"
        },
        "file": {
         "type": "string"
        },
        "loaded_at": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "AreaLayer": {
    "type": "object",
    "required": [
     "layer",
     "areas"
    ],
    "properties": {
     "layer": {
      "type": "string"
     },
     "areas": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "layer",
        "code",
        "entities"
       ],
       "properties": {
        "layer": {
         "type": "string"
        },
        "code": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "population": {
         "type": "integer"
        },
        "entities": {
         "type": "integer",
         "description": "entities the caller may see"
        }
       }
      }
     }
    }
   },
   "Area": {
    "type": "object",
    "required": [
     "layer",
     "code",
     "name",
     "population"
    ],
    "properties": {
     "layer": {
      "type": "string"
     },
     "code": {
      "type": "string"
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     },
     "population": {
      "type": [
       "integer",
       "null"
      ]
     },
     "geometry": {
      "type": "object",
      "description": "GeoJSON (Multi)Polygon, with geometry=true"
     }
    }
   },
   "AreaFeature": {
    "type": "object",
    "required": [
     "type",
     "id",
     "geometry",
     "properties"
    ],
    "properties": {
     "type": {
      "const": "Feature"
     },
     "id": {
      "type": "string"
     },
     "geometry": {
      "type": [
       "object",
       "null"
      ]
     },
     "properties": {
      "$ref": "#/components/schemas/Area"
     }
    }
   },
   "AreaProfile": {
    "type": "object",
    "required": [
     "area",
     "counts",
     "per_1000",
     "sources",
     "entities"
    ],
    "properties": {
     "area": {
      "type": "object",
      "required": [
       "layer",
       "code"
      ],
      "properties": {
       "layer": {
        "type": "string"
       },
       "code": {
        "type": "string"
       },
       "name": {
        "type": "string"
       }
      }
     },
     "population": {
      "type": "integer"
     },
     "counts": {
      "type": "object",
      "required": [
       "by_kind",
       "by_category"
      ],
      "properties": {
       "by_kind": {
        "type": "object",
        "additionalProperties": {
         "type": "integer"
        }
       },
       "by_category": {
        "type": "object",
        "additionalProperties": {
         "type": "integer"
        }
       }
      }
     },
     "per_1000": {
      "type": "object",
      "additionalProperties": {
       "type": "number"
      }
     },
     "sources": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     },
     "entities": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "name",
        "kind",
        "categories"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "name": {
         "type": "string"
        },
        "kind": {
         "type": "string"
        },
        "categories": {
         "type": "array",
         "items": {
          "type": "string"
         }
        }
       }
      }
     }
    }
   },
   "Gaps": {
    "type": "object",
    "required": [
     "category",
     "layer",
     "providers",
     "areas"
    ],
    "properties": {
     "category": {
      "type": "string"
     },
     "layer": {
      "type": "string"
     },
     "providers": {
      "type": "integer"
     },
     "areas": {
      "type": "array",
      "description": "farthest first",
      "items": {
       "type": "object",
       "required": [
        "code",
        "centre_basis"
       ],
       "properties": {
        "code": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "population": {
         "type": "integer"
        },
        "nearest_distance_m": {
         "type": "number"
        },
        "nearest": {
         "type": "object",
         "required": [
          "id",
          "name"
         ],
         "properties": {
          "id": {
           "type": "integer"
          },
          "name": {
           "type": "string"
          },
          "location_precision": {
           "type": "string"
          }
         }
        },
        "centre_basis": {
         "type": "string",
         "enum": [
          "postcodes",
          "polygon"
         ]
        }
       }
      }
     }
    }
   },
   "Coverage": {
    "type": "object",
    "required": [
     "sources",
     "entities",
     "overlap",
     "single_source",
     "within_source_duplicates",
     "conflicts"
    ],
    "properties": {
     "sources": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "entities": {
      "type": "integer"
     },
     "overlap": {
      "type": "object",
      "additionalProperties": {
       "type": "object",
       "additionalProperties": {
        "type": "integer"
       }
      }
     },
     "single_source": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "entity",
        "name",
        "source"
       ],
       "properties": {
        "entity": {
         "type": "integer"
        },
        "name": {
         "type": "string"
        },
        "source": {
         "type": "string"
        }
       }
      }
     },
     "within_source_duplicates": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "entity",
        "name",
        "source",
        "keys"
       ],
       "properties": {
        "entity": {
         "type": "integer"
        },
        "name": {
         "type": "string"
        },
        "source": {
         "type": "string"
        },
        "keys": {
         "type": "array",
         "items": {
          "type": "string"
         }
        }
       }
      }
     },
     "conflicts": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "entity",
        "name",
        "field",
        "values"
       ],
       "properties": {
        "entity": {
         "type": "integer"
        },
        "name": {
         "type": "string"
        },
        "field": {
         "type": "string"
        },
        "values": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "value",
           "source"
          ],
          "properties": {
           "value": {
            "type": "string"
           },
           "source": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   },
   "EstateMember": {
    "type": "object",
    "required": [
     "id",
     "name"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     },
     "occupancy": {
      "type": "string"
     },
     "floor_area_m2": {
      "type": "number"
     },
     "running_cost_gbp": {
      "type": "number"
     },
     "location_precision": {
      "type": "string"
     }
    }
   },
   "Colocation": {
    "type": "object",
    "required": [
     "within_m",
     "cost_per_m2_gbp",
     "clusters",
     "transfer_candidates",
     "excluded_approximate"
    ],
    "properties": {
     "within_m": {
      "type": "number"
     },
     "cost_per_m2_gbp": {
      "type": "number"
     },
     "clusters": {
      "type": "array",
      "description": "largest saving first",
      "items": {
       "type": "object",
       "required": [
        "members",
        "owners",
        "host",
        "vacant_or_leased_out",
        "estimated_annual_saving_gbp",
        "basis",
        "centre"
       ],
       "properties": {
        "members": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/EstateMember"
         }
        },
        "owners": {
         "type": "array",
         "items": {
          "type": "string"
         }
        },
        "host": {
         "type": "object",
         "required": [
          "id",
          "name"
         ],
         "properties": {
          "id": {
           "type": "integer"
          },
          "name": {
           "type": "string"
          }
         }
        },
        "vacant_or_leased_out": {
         "type": "array",
         "items": {
          "type": "integer"
         }
        },
        "estimated_annual_saving_gbp": {
         "type": "number"
        },
        "basis": {
         "type": "string"
        },
        "centre": {
         "type": "object",
         "required": [
          "lat",
          "lon"
         ],
         "properties": {
          "lat": {
           "type": "number"
          },
          "lon": {
           "type": "number"
          }
         }
        }
       }
      }
     },
     "transfer_candidates": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "building",
        "groups_nearby"
       ],
       "properties": {
        "building": {
         "$ref": "#/components/schemas/EstateMember"
        },
        "groups_nearby": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "id",
           "name",
           "distance_m"
          ],
          "properties": {
           "id": {
            "type": "integer"
           },
           "name": {
            "type": "string"
           },
           "distance_m": {
            "type": "number"
           }
          }
         }
        }
       }
      }
     },
     "excluded_approximate": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/EstateMember"
      }
     }
    }
   },
   "ImportReport": {
    "type": "object",
    "required": [
     "source",
     "file",
     "dry_run",
     "read",
     "added",
     "updated",
     "unchanged",
     "withdrawn",
     "unlocated",
     "located",
     "rejected",
     "warnings"
    ],
    "properties": {
     "source": {
      "type": "string"
     },
     "file": {
      "type": "string"
     },
     "dry_run": {
      "type": "boolean"
     },
     "read": {
      "type": "integer"
     },
     "added": {
      "type": "integer"
     },
     "updated": {
      "type": "integer"
     },
     "unchanged": {
      "type": "integer"
     },
     "withdrawn": {
      "type": "integer"
     },
     "unlocated": {
      "type": "integer"
     },
     "located": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     },
     "rejected": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "line",
        "reason"
       ],
       "properties": {
        "line": {
         "type": "integer"
        },
        "reason": {
         "type": "string"
        }
       }
      }
     },
     "warnings": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "line",
        "field",
        "reason"
       ],
       "properties": {
        "line": {
         "type": "integer"
        },
        "field": {
         "type": "string"
        },
        "reason": {
         "type": "string"
        }
       }
      }
     },
     "warnings_not_listed": {
      "type": "integer"
     },
     "postcodes_not_in_table": {
      "type": "integer"
     }
    }
   },
   "ImportJSON": {
    "type": "object",
    "required": [
     "profile"
    ],
    "properties": {
     "profile": {
      "description": "the import profile (DESIGN.md), as an object or JSON text",
      "type": [
       "object",
       "string"
      ]
     },
     "filename": {
      "type": "string",
      "description": "the file's name; its extension (.csv, .geojson, .json) gives the format unless the profile does"
     },
     "content": {
      "type": "string",
      "description": "the file's text"
     },
     "content_base64": {
      "type": "string"
     },
     "dry_run": {
      "type": "boolean"
     }
    }
   },
   "ImportForm": {
    "type": "object",
    "required": [
     "file",
     "profile"
    ],
    "properties": {
     "file": {
      "type": "string",
      "contentMediaType": "application/octet-stream"
     },
     "profile": {
      "type": "string",
      "description": "the profile JSON"
     },
     "dry_run": {
      "type": "string",
      "enum": [
       "true",
       "false"
      ]
     }
    }
   },
   "PairSide": {
    "type": "object",
    "required": [
     "record_id",
     "kind",
     "source",
     "source_key",
     "name",
     "fields"
    ],
    "properties": {
     "record_id": {
      "type": "integer"
     },
     "entity_id": {
      "type": "integer"
     },
     "kind": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "source_key": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "address": {
      "type": "string"
     },
     "postcode": {
      "type": "string"
     },
     "fields": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     }
    }
   },
   "ReviewPair": {
    "type": "object",
    "required": [
     "id",
     "probability",
     "weight",
     "levels",
     "tf_adjustment",
     "a",
     "b"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "probability": {
      "type": "number"
     },
     "weight": {
      "type": "number"
     },
     "levels": {
      "type": "string"
     },
     "tf_adjustment": {
      "type": "number"
     },
     "a": {
      "$ref": "#/components/schemas/PairSide"
     },
     "b": {
      "$ref": "#/components/schemas/PairSide"
     },
     "decision": {
      "type": "object",
      "required": [
       "id",
       "decision",
       "decided_by",
       "decided_at",
       "via"
      ],
      "properties": {
       "id": {
        "type": "integer"
       },
       "decision": {
        "type": "string"
       },
       "decided_by": {
        "type": "string"
       },
       "decided_at": {
        "type": "string"
       },
       "via": {
        "type": "string"
       }
      }
     }
    }
   },
   "AuditLog": {
    "type": "object",
    "required": [
     "entries"
    ],
    "properties": {
     "entries": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "at",
        "actor",
        "via",
        "action",
        "subject_type",
        "subject_ids",
        "detail"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "at": {
         "type": "string"
        },
        "actor": {
         "type": "string",
         "description": "the API key id over HTTP; the person or OS user on the CLI"
        },
        "role": {
         "type": [
          "string",
          "null"
         ]
        },
        "via": {
         "type": "string",
         "enum": [
          "cli",
          "api",
          "library"
         ]
        },
        "action": {
         "type": "string"
        },
        "subject_type": {
         "type": "string"
        },
        "subject_ids": {
         "type": "array",
         "items": {
          "type": "string"
         }
        },
        "detail": {
         "type": "object"
        }
       }
      }
     }
    }
   },
   "ReviewQueue": {
    "type": "object",
    "required": [
     "items",
     "link_threshold",
     "review_threshold"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReviewPair"
      }
     },
     "link_threshold": {
      "type": "number"
     },
     "review_threshold": {
      "type": "number"
     }
    }
   },
   "ReviewItem": {
    "type": "object",
    "required": [
     "pair",
     "explanation"
    ],
    "properties": {
     "pair": {
      "$ref": "#/components/schemas/ReviewPair"
     },
     "explanation": {
      "type": "object",
      "required": [
       "steps",
       "probability"
      ],
      "properties": {
       "prior_weight": {
        "type": "number"
       },
       "steps": {
        "type": "array",
        "items": {
         "type": "object"
        }
       },
       "term_frequency_adjustment": {
        "type": "number"
       },
       "total_weight": {
        "type": "number"
       },
       "probability": {
        "type": "number"
       }
      }
     }
    }
   },
   "Decision": {
    "type": "object",
    "required": [
     "decision"
    ],
    "properties": {
     "decision": {
      "type": "string",
      "enum": [
       "same",
       "different"
      ]
     }
    }
   },
   "DecisionResult": {
    "type": "object",
    "required": [
     "id",
     "decision",
     "decided_by",
     "queued_for_review"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "decision": {
      "type": "string"
     },
     "decided_by": {
      "type": "string"
     },
     "entity_a": {
      "type": "integer"
     },
     "entity_b": {
      "type": "integer"
     },
     "queued_for_review": {
      "type": "integer"
     }
    }
   }
  }
 }
}
"""#
}
