/// The OpenAPI 3.1 document of the API, served at `/openapi.json`. Hand-written; a test checks every path is routed and
/// that real responses of the main endpoints satisfy these schemas, so it cannot drift.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "AssetMap API",
  "version": "1.0.0",
  "description": "One deduplicated, geospatial directory of a council's and its partners' lists.\n\nAnonymous callers see only sources shared `open`; `partner` keys also `partners`; `officer` and `admin` keys everything, and may write. Send keys as `Authorization: Bearer KEY`. A wrong or revoked key is 401; a key without the role an endpoint needs is 403. Errors are `application/problem+json`; a 400 names the parameter at fault. Read endpoints answer with an `ETag` and honour `If-None-Match`; every response carries `Access-Control-Allow-Origin: *`. HEAD is answered wherever GET is: the same status and headers, without the body."
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
  },
  {
   "name": "open referral"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/": {
   "get": {
    "operationId": "orukDetails",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: about this API (HSDS version 3.0 and the UK profile)",
    "security": [
     {}
    ],
    "description": "The Open Referral UK 3.0 face of the directory: open to all (no key; only sources shared `open`), `Access-Control-Allow-Origin: *`, UUID ids stable across re-imports and re-matching. Services are the directory's services and organisations; places are not listed.",
    "parameters": [],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukDetails"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/services": {
   "get": {
    "operationId": "orukServices",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: a page of services (one-to-one fields and organisation)",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "search",
      "in": "query",
      "required": false,
      "description": "Full-text search (also accepted as `text` or `q`)",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 200
      }
     },
     {
      "name": "text",
      "in": "query",
      "required": false,
      "description": "The same as `search`",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 200
      }
     },
     {
      "name": "taxonomy_term_id",
      "in": "query",
      "required": false,
      "description": "Only services carrying this taxonomy term (a category)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})? *$",
       "maxLength": 60
      }
     },
     {
      "name": "taxonomy_id",
      "in": "query",
      "required": false,
      "description": "Only services with a term of this taxonomy (there is one: AssetMap categories)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})? *$",
       "maxLength": 60
      }
     },
     {
      "name": "modified_after",
      "in": "query",
      "required": false,
      "description": "Only services changed on or after this date or date-time (ISO 8601)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?)? *$",
       "maxLength": 40
      }
     },
     {
      "name": "full",
      "in": "query",
      "required": false,
      "description": "true: each service fully nested, as /oruk/services/{id} gives it (for exports)",
      "schema": {
       "type": "boolean"
      }
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "Page number, from 1",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000000
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "Items per page (default 50, at most the server's maximum, 100 by default)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukServicePage"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/services/{id}": {
   "get": {
    "operationId": "orukService",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: one service, fully nested",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The service's UUID (from a list)",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukService"
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/service_at_locations": {
   "get": {
    "operationId": "orukServiceAtLocations",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: a page of services at their locations",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "search",
      "in": "query",
      "required": false,
      "description": "Full-text search (also accepted as `text` or `q`)",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 200
      }
     },
     {
      "name": "text",
      "in": "query",
      "required": false,
      "description": "The same as `search`",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 200
      }
     },
     {
      "name": "taxonomy_term_id",
      "in": "query",
      "required": false,
      "description": "Only services carrying this taxonomy term (a category)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})? *$",
       "maxLength": 60
      }
     },
     {
      "name": "taxonomy_id",
      "in": "query",
      "required": false,
      "description": "Only services with a term of this taxonomy (there is one: AssetMap categories)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})? *$",
       "maxLength": 60
      }
     },
     {
      "name": "modified_after",
      "in": "query",
      "required": false,
      "description": "Only services changed on or after this date or date-time (ISO 8601)",
      "schema": {
       "type": "string",
       "pattern": "^ *([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?)? *$",
       "maxLength": 40
      }
     },
     {
      "name": "postcode",
      "in": "query",
      "required": false,
      "description": "A UK postcode: nearest first from its centre (only precisely located services)",
      "schema": {
       "type": "string",
       "pattern": "^ *([A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2})? *$",
       "maxLength": 16
      }
     },
     {
      "name": "proximity",
      "in": "query",
      "required": false,
      "description": "With postcode: only within this many metres",
      "schema": {
       "type": "number",
       "minimum": 1,
       "maximum": 100000
      }
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "Page number, from 1",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000000
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "Items per page (default 50, at most the server's maximum, 100 by default)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukServiceAtLocationPage"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/service_at_locations/{id}": {
   "get": {
    "operationId": "orukServiceAtLocation",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: one service at its location, with the full service",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The service_at_location's UUID (from a list)",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukServiceAtLocation"
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/taxonomies": {
   "get": {
    "operationId": "orukTaxonomies",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: the taxonomies (one: AssetMap categories)",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "Page number, from 1",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000000
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "Items per page (default 50, at most the server's maximum, 100 by default)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukTaxonomyPage"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/taxonomies/{id}": {
   "get": {
    "operationId": "orukTaxonomy",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: one taxonomy with its terms",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The taxonomy's UUID (from a list)",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukTaxonomy"
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/taxonomy_terms": {
   "get": {
    "operationId": "orukTaxonomyTerms",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: a page of taxonomy terms (the categories open services carry)",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "Page number, from 1",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000000
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "Items per page (default 50, at most the server's maximum, 100 by default)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukTaxonomyTermPage"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/oruk/taxonomy_terms/{id}": {
   "get": {
    "operationId": "orukTaxonomyTerm",
    "tags": [
     "open referral"
    ],
    "summary": "Open Referral UK: one taxonomy term",
    "security": [
     {}
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The taxonomy_term's UUID (from a list)",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrukTaxonomyTerm"
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
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/reconcile": {
   "get": {
    "operationId": "reconcile",
    "tags": [
     "directory"
    ],
    "summary": "Reconciliation manifest, or a batch of queries",
    "description": "OpenRefine reconciliation (W3C Reconciliation Service API 0.1/0.2). Without `queries` (or `query`) the service manifest; with `queries`, a JSON object of queries keyed by id, each `{\"query\": name, \"type\": kind, \"limit\": n, \"properties\": [{\"pid\": \"postcode\", \"v\": \"M33 7AA\"}]}`, answered per id with candidates scored 0-100 by the matcher; `match` is true only when the best is confident and clearly ahead of the runner-up. Anonymous callers reconcile against `open` sources only; keys widen it as elsewhere.",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "queries",
      "in": "query",
      "required": false,
      "description": "a JSON object of queries keyed by id",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReconcileBatchRequest"
        }
       }
      }
     },
     {
      "name": "query",
      "in": "query",
      "required": false,
      "description": "one query (0.1): a JSON query object or the bare name; answered as `{\"result\": [...]}`",
      "schema": {
       "type": "string",
       "maxLength": 500,
       "pattern": "^([^{\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*)?$"
      }
     },
     {
      "name": "callback",
      "in": "query",
      "required": false,
      "description": "JSONP: answer `callback(JSON);` as text/javascript (a JavaScript function name)",
      "schema": {
       "type": "string",
       "maxLength": 100,
       "pattern": "^([A-Za-z_$][A-Za-z0-9_$.]*)?$"
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
         "anyOf": [
          {
           "$ref": "#/components/schemas/ReconcileManifest"
          },
          {
           "$ref": "#/components/schemas/ReconcileBatchResult"
          },
          {
           "$ref": "#/components/schemas/ReconcileResult"
          }
         ]
        }
       },
       "text/javascript": {
        "schema": {
         "type": "string"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   },
   "post": {
    "operationId": "reconcileBatch",
    "tags": [
     "directory"
    ],
    "summary": "A batch of reconciliation queries",
    "description": "OpenRefine reconciliation (W3C Reconciliation Service API 0.1/0.2). Without `queries` (or `query`) the service manifest; with `queries`, a JSON object of queries keyed by id, each `{\"query\": name, \"type\": kind, \"limit\": n, \"properties\": [{\"pid\": \"postcode\", \"v\": \"M33 7AA\"}]}`, answered per id with candidates scored 0-100 by the matcher; `match` is true only when the best is confident and clearly ahead of the runner-up. Anonymous callers reconcile against `open` sources only; keys widen it as elsewhere. The batch comes form-encoded (`queries=`, as OpenRefine sends it) or as a JSON body.",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/x-www-form-urlencoded": {
       "schema": {
        "$ref": "#/components/schemas/ReconcileForm"
       }
      },
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReconcileBatchRequest"
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
         "anyOf": [
          {
           "$ref": "#/components/schemas/ReconcileManifest"
          },
          {
           "$ref": "#/components/schemas/ReconcileBatchResult"
          },
          {
           "$ref": "#/components/schemas/ReconcileResult"
          }
         ]
        }
       },
       "text/javascript": {
        "schema": {
         "type": "string"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/reconcile/suggest/entity": {
   "get": {
    "operationId": "reconcileSuggestEntity",
    "tags": [
     "directory"
    ],
    "summary": "Entities whose names start as typed",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "prefix",
      "in": "query",
      "required": false,
      "description": "what the user has typed so far",
      "schema": {
       "type": "string",
       "maxLength": 200,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
      }
     },
     {
      "name": "type",
      "in": "query",
      "required": false,
      "description": "organisation, service or place",
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
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "how many to skip",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 10000,
       "default": 0
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
       "maximum": 50,
       "default": 10
      }
     },
     {
      "name": "callback",
      "in": "query",
      "required": false,
      "description": "JSONP: answer `callback(JSON);` as text/javascript (a JavaScript function name)",
      "schema": {
       "type": "string",
       "maxLength": 100,
       "pattern": "^([A-Za-z_$][A-Za-z0-9_$.]*)?$"
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
         "$ref": "#/components/schemas/ReconcileSuggestions"
        }
       },
       "text/javascript": {
        "schema": {
         "type": "string"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/reconcile/suggest/property": {
   "get": {
    "operationId": "reconcileSuggestProperty",
    "tags": [
     "directory"
    ],
    "summary": "Properties a query may give",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "prefix",
      "in": "query",
      "required": false,
      "description": "what the user has typed so far",
      "schema": {
       "type": "string",
       "maxLength": 200,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
      }
     },
     {
      "name": "callback",
      "in": "query",
      "required": false,
      "description": "JSONP: answer `callback(JSON);` as text/javascript (a JavaScript function name)",
      "schema": {
       "type": "string",
       "maxLength": 100,
       "pattern": "^([A-Za-z_$][A-Za-z0-9_$.]*)?$"
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
         "$ref": "#/components/schemas/ReconcileSuggestions"
        }
       },
       "text/javascript": {
        "schema": {
         "type": "string"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/reconcile/suggest/type": {
   "get": {
    "operationId": "reconcileSuggestType",
    "tags": [
     "directory"
    ],
    "summary": "Entity kinds",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "prefix",
      "in": "query",
      "required": false,
      "description": "what the user has typed so far",
      "schema": {
       "type": "string",
       "maxLength": 200,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
      }
     },
     {
      "name": "callback",
      "in": "query",
      "required": false,
      "description": "JSONP: answer `callback(JSON);` as text/javascript (a JavaScript function name)",
      "schema": {
       "type": "string",
       "maxLength": 100,
       "pattern": "^([A-Za-z_$][A-Za-z0-9_$.]*)?$"
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
         "$ref": "#/components/schemas/ReconcileSuggestions"
        }
       },
       "text/javascript": {
        "schema": {
         "type": "string"
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
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
     }
    }
   }
  },
  "/reconcile/preview": {
   "get": {
    "operationId": "reconcilePreview",
    "tags": [
     "directory"
    ],
    "summary": "A small HTML card of an entity, for OpenRefine's preview",
    "security": [
     {},
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "query",
      "required": true,
      "description": "entity number",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 9223372036854775807
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
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      },
      "headers": {
       "ETag": {
        "$ref": "#/components/headers/ETag"
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "maxLength": 200,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
      }
     },
     {
      "name": "near",
      "in": "query",
      "required": false,
      "description": "a UK postcode (any spacing or case), a sector or district, or `lat,lon`",
      "schema": {
       "type": "string",
       "maxLength": 60,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
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
       "maxLength": 100,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
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
       "maxLength": 100,
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
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
       "default": 1,
       "maximum": 1000000
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^([1-9][0-9]{0,17}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2} *$"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 60
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 60
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 60
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 100
      }
     },
     {
      "name": "layer",
      "in": "query",
      "required": true,
      "description": "the area layer, e.g. lsoa",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 60
      }
     },
     {
      "name": "beyond",
      "in": "query",
      "required": false,
      "description": "only areas farther than this many metres",
      "schema": {
       "type": "number",
       "minimum": 0,
       "maximum": 1000000
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 100
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
       "default": 150,
       "maximum": 100000
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "type": "string",
       "pattern": "^ *([0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+Z?)?)? *$",
       "maxLength": 40
      }
     },
     {
      "name": "action",
      "in": "query",
      "required": false,
      "description": "only this action: import, decide, merge, split or match",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
       "maxLength": 40
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "minimum": 1,
       "maximum": 9223372036854775807
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
       "minimum": 1,
       "maximum": 9223372036854775807
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
     },
     "429": {
      "$ref": "#/components/responses/TooManyRequests"
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
   },
   "TooManyRequests": {
    "description": "Over the rate limit (per API key, or per address for anonymous callers): wait the `Retry-After` seconds",
    "headers": {
     "Retry-After": {
      "description": "Seconds to wait before asking again",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     }
    },
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
   "OrukDetails": {
    "type": "object",
    "required": [
     "version",
     "profile",
     "openapi_url"
    ],
    "properties": {
     "version": {
      "const": "3.0"
     },
     "profile": {
      "type": "string",
      "format": "uri"
     },
     "openapi_url": {
      "type": "string",
      "format": "uri"
     }
    }
   },
   "OrukServicePage": {
    "type": "object",
    "required": [
     "total_items",
     "total_pages",
     "page_number",
     "size",
     "first_page",
     "last_page",
     "empty",
     "contents"
    ],
    "properties": {
     "total_items": {
      "type": "integer",
      "minimum": 0
     },
     "total_pages": {
      "type": "integer",
      "minimum": 0
     },
     "page_number": {
      "type": "integer",
      "minimum": 1
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "first_page": {
      "type": "boolean"
     },
     "last_page": {
      "type": "boolean"
     },
     "empty": {
      "type": "boolean"
     },
     "contents": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukService"
      }
     }
    }
   },
   "OrukServiceAtLocationPage": {
    "type": "object",
    "required": [
     "total_items",
     "total_pages",
     "page_number",
     "size",
     "first_page",
     "last_page",
     "empty",
     "contents"
    ],
    "properties": {
     "total_items": {
      "type": "integer",
      "minimum": 0
     },
     "total_pages": {
      "type": "integer",
      "minimum": 0
     },
     "page_number": {
      "type": "integer",
      "minimum": 1
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "first_page": {
      "type": "boolean"
     },
     "last_page": {
      "type": "boolean"
     },
     "empty": {
      "type": "boolean"
     },
     "contents": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukServiceAtLocation"
      }
     }
    }
   },
   "OrukTaxonomyPage": {
    "type": "object",
    "required": [
     "total_items",
     "total_pages",
     "page_number",
     "size",
     "first_page",
     "last_page",
     "empty",
     "contents"
    ],
    "properties": {
     "total_items": {
      "type": "integer",
      "minimum": 0
     },
     "total_pages": {
      "type": "integer",
      "minimum": 0
     },
     "page_number": {
      "type": "integer",
      "minimum": 1
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "first_page": {
      "type": "boolean"
     },
     "last_page": {
      "type": "boolean"
     },
     "empty": {
      "type": "boolean"
     },
     "contents": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukTaxonomy"
      }
     }
    }
   },
   "OrukTaxonomyTermPage": {
    "type": "object",
    "required": [
     "total_items",
     "total_pages",
     "page_number",
     "size",
     "first_page",
     "last_page",
     "empty",
     "contents"
    ],
    "properties": {
     "total_items": {
      "type": "integer",
      "minimum": 0
     },
     "total_pages": {
      "type": "integer",
      "minimum": 0
     },
     "page_number": {
      "type": "integer",
      "minimum": 1
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "first_page": {
      "type": "boolean"
     },
     "last_page": {
      "type": "boolean"
     },
     "empty": {
      "type": "boolean"
     },
     "contents": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukTaxonomyTerm"
      }
     }
    }
   },
   "OrukOrganization": {
    "type": "object",
    "required": [
     "id",
     "name",
     "description"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "email": {
      "type": "string",
      "format": "email"
     },
     "website": {
      "type": "string",
      "format": "uri"
     },
     "organization_identifiers": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "identifier_type",
        "identifier"
       ],
       "properties": {
        "id": {
         "type": "string",
         "format": "uuid"
        },
        "organization_id": {
         "type": "string",
         "format": "uuid"
        },
        "identifier_scheme": {
         "type": "string"
        },
        "identifier_type": {
         "type": "string"
        },
        "identifier": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "OrukService": {
    "type": "object",
    "required": [
     "id",
     "name",
     "status"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "organization_id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "url": {
      "type": "string",
      "format": "uri"
     },
     "email": {
      "type": "string",
      "format": "email"
     },
     "status": {
      "enum": [
       "active",
       "inactive",
       "defunct",
       "temporarily closed"
      ]
     },
     "last_modified": {
      "type": "string",
      "format": "date-time"
     },
     "organization": {
      "$ref": "#/components/schemas/OrukOrganization"
     },
     "service_at_locations": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukServiceAtLocation"
      }
     },
     "contacts": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id"
       ],
       "properties": {
        "id": {
         "type": "string",
         "format": "uuid"
        },
        "service_id": {
         "type": "string",
         "format": "uuid"
        },
        "name": {
         "type": "string"
        },
        "phones": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "id",
           "number"
          ],
          "properties": {
           "id": {
            "type": "string",
            "format": "uuid"
           },
           "contact_id": {
            "type": "string",
            "format": "uuid"
           },
           "number": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     },
     "schedules": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id"
       ],
       "properties": {
        "id": {
         "type": "string",
         "format": "uuid"
        },
        "service_id": {
         "type": "string",
         "format": "uuid"
        },
        "description": {
         "type": "string"
        }
       }
      }
     },
     "attributes": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id"
       ],
       "properties": {
        "id": {
         "type": "string",
         "format": "uuid"
        },
        "link_id": {
         "type": "string",
         "format": "uuid"
        },
        "link_type": {
         "type": "string"
        },
        "taxonomy_term_id": {
         "type": "string",
         "format": "uuid"
        },
        "taxonomy_term": {
         "$ref": "#/components/schemas/OrukTaxonomyTerm"
        }
       }
      }
     }
    }
   },
   "OrukServiceAtLocation": {
    "type": "object",
    "required": [
     "id"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "service_id": {
      "type": "string",
      "format": "uuid"
     },
     "location_id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "location": {
      "type": "object",
      "required": [
       "id",
       "location_type"
      ],
      "properties": {
       "id": {
        "type": "string",
        "format": "uuid"
       },
       "location_type": {
        "enum": [
         "physical",
         "postal",
         "virtual"
        ]
       },
       "name": {
        "type": "string"
       },
       "description": {
        "type": "string"
       },
       "latitude": {
        "type": "number",
        "minimum": -90,
        "maximum": 90
       },
       "longitude": {
        "type": "number",
        "minimum": -180,
        "maximum": 180
       },
       "external_identifier": {
        "type": "string"
       },
       "external_identifier_type": {
        "type": "string"
       },
       "addresses": {
        "type": "array",
        "items": {
         "type": "object",
         "required": [
          "id",
          "address_1",
          "city",
          "state_province",
          "postal_code",
          "country",
          "address_type"
         ],
         "properties": {
          "id": {
           "type": "string",
           "format": "uuid"
          },
          "location_id": {
           "type": "string",
           "format": "uuid"
          },
          "address_1": {
           "type": "string"
          },
          "city": {
           "type": "string"
          },
          "state_province": {
           "type": "string"
          },
          "postal_code": {
           "type": "string"
          },
          "country": {
           "type": "string"
          },
          "address_type": {
           "enum": [
            "physical",
            "postal",
            "virtual"
           ]
          }
         }
        }
       }
      }
     },
     "service": {
      "$ref": "#/components/schemas/OrukService"
     }
    }
   },
   "OrukTaxonomy": {
    "type": "object",
    "required": [
     "id",
     "name",
     "description"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "uri": {
      "type": "string",
      "format": "uri"
     },
     "version": {
      "type": "string"
     },
     "taxonomy_terms": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OrukTaxonomyTerm"
      }
     }
    }
   },
   "OrukTaxonomyTerm": {
    "type": "object",
    "required": [
     "id",
     "name",
     "description"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "taxonomy": {
      "type": "string"
     },
     "taxonomy_id": {
      "type": "string",
      "format": "uuid"
     },
     "term": {
      "type": "string"
     },
     "parent_id": {
      "type": "string",
      "format": "uuid"
     },
     "term_uri": {
      "type": "string",
      "format": "uri"
     }
    }
   },
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
   "ReconcileManifest": {
    "type": "object",
    "required": [
     "versions",
     "name",
     "identifierSpace",
     "schemaSpace",
     "defaultTypes",
     "view",
     "preview",
     "suggest",
     "properties"
    ],
    "properties": {
     "versions": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "name": {
      "type": "string"
     },
     "identifierSpace": {
      "type": "string"
     },
     "schemaSpace": {
      "type": "string"
     },
     "defaultTypes": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReconcileType"
      }
     },
     "view": {
      "type": "object",
      "required": [
       "url"
      ],
      "properties": {
       "url": {
        "type": "string"
       }
      }
     },
     "preview": {
      "type": "object",
      "required": [
       "url",
       "width",
       "height"
      ],
      "properties": {
       "url": {
        "type": "string"
       },
       "width": {
        "type": "integer"
       },
       "height": {
        "type": "integer"
       }
      }
     },
     "suggest": {
      "type": "object",
      "properties": {
       "entity": {
        "type": "object",
        "required": [
         "service_url",
         "service_path"
        ],
        "properties": {
         "service_url": {
          "type": "string"
         },
         "service_path": {
          "type": "string"
         }
        }
       },
       "property": {
        "type": "object",
        "required": [
         "service_url",
         "service_path"
        ],
        "properties": {
         "service_url": {
          "type": "string"
         },
         "service_path": {
          "type": "string"
         }
        }
       },
       "type": {
        "type": "object",
        "required": [
         "service_url",
         "service_path"
        ],
        "properties": {
         "service_url": {
          "type": "string"
         },
         "service_path": {
          "type": "string"
         }
        }
       }
      }
     },
     "batchSize": {
      "type": "integer"
     },
     "properties": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "name"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "description": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "ReconcileType": {
    "type": "object",
    "required": [
     "id",
     "name"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     }
    }
   },
   "ReconcileCandidate": {
    "type": "object",
    "required": [
     "id",
     "name",
     "type",
     "score",
     "match",
     "features"
    ],
    "properties": {
     "id": {
      "type": "string",
      "description": "entity number"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "type": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReconcileType"
      }
     },
     "score": {
      "type": "number",
      "minimum": 0,
      "maximum": 100
     },
     "match": {
      "type": "boolean"
     },
     "features": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "value"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "value": {
         "type": "number",
         "description": "bits of evidence this comparison gave"
        }
       }
      }
     }
    }
   },
   "ReconcileResult": {
    "type": "object",
    "required": [
     "result"
    ],
    "properties": {
     "result": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReconcileCandidate"
      }
     }
    }
   },
   "ReconcileBatchResult": {
    "type": "object",
    "description": "one result per query id",
    "additionalProperties": {
     "$ref": "#/components/schemas/ReconcileResult"
    }
   },
   "ReconcileQuery": {
    "type": "object",
    "properties": {
     "query": {
      "type": "string",
      "maxLength": 500,
      "description": "the name as the list gives it",
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
     },
     "type": {
      "description": "organisation, service or place (or a list of them)",
      "anyOf": [
       {
        "type": "string",
        "enum": [
         "organisation",
         "service",
         "place"
        ]
       },
       {
        "type": "array",
        "items": {
         "type": "string",
         "enum": [
          "organisation",
          "service",
          "place"
         ]
        }
       }
      ]
     },
     "limit": {
      "type": "integer",
      "minimum": 1,
      "maximum": 100,
      "default": 5
     },
     "type_strict": {
      "type": "string"
     },
     "properties": {
      "type": "array",
      "maxItems": 20,
      "items": {
       "type": "object",
       "required": [
        "pid",
        "v"
       ],
       "properties": {
        "pid": {
         "type": "string",
         "enum": [
          "postcode",
          "website",
          "phone",
          "email",
          "address",
          "charity_number",
          "company_number"
         ]
        },
        "v": {
         "anyOf": [
          {
           "type": "string",
           "maxLength": 500
          },
          {
           "type": "number"
          },
          {
           "type": "object",
           "required": [
            "id"
           ],
           "properties": {
            "id": {
             "type": "string",
             "maxLength": 500
            }
           }
          }
         ]
        }
       }
      }
     }
    }
   },
   "ReconcileBatchRequest": {
    "type": "object",
    "description": "queries keyed by id (or wrapped as `queries`)",
    "maxProperties": 100,
    "additionalProperties": {
     "$ref": "#/components/schemas/ReconcileQuery"
    },
    "propertyNames": {
     "maxLength": 100
    }
   },
   "ReconcileForm": {
    "type": "object",
    "properties": {
     "queries": {
      "type": "string",
      "description": "a JSON object of queries keyed by id"
     },
     "query": {
      "type": "string"
     },
     "callback": {
      "type": "string",
      "maxLength": 100,
      "pattern": "^([A-Za-z_$][A-Za-z0-9_$.]*)?$"
     }
    }
   },
   "ReconcileSuggestions": {
    "type": "object",
    "required": [
     "result"
    ],
    "properties": {
     "result": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "name"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "name": {
         "type": "string"
        },
        "description": {
         "type": "string"
        },
        "notable": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/ReconcileType"
         }
        }
       }
      }
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
    "description": "The file as text (`content`) or as base64 (`content_base64`): one of the two is required.",
    "anyOf": [
     {
      "required": [
       "content"
      ]
     },
     {
      "required": [
       "content_base64"
      ]
     }
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
