// Package probe names the health endpoint.
package probe

// Path is the liveness endpoint.
const Path = "/healthz"
