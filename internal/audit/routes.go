package audit

import (
	"context"
	"slices"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// Route is a route the program of a main package registers.
type Route struct {
	Path string // "/healthz": the path of a pattern such as "GET /healthz"
	At   repo.Evidence
}

// Routes returns the routes the program of m registers, read as the health check reads
// them (a literal, or a constant or variable holding it, in route position of a
// registration that the program runs, a request can reach), whose path is one of paths.
func Routes(ctx context.Context, r *repo.Repo, m *repo.Main, paths ...string) ([]Route, error) {
	if err := r.Load(ctx, m.Program...); err != nil {
		return nil, err
	}
	if err := r.LoadGenerated(ctx, m.Program...); err != nil {
		return nil, err
	}
	p := newIndex(r, m.Program).view(m)
	var out []Route
	for _, l := range p.paths {
		if l.route && slices.Contains(paths, l.value) && p.unroutable(l.node, l.name) == "" {
			out = append(out, Route{Path: l.value, At: p.at(l.node)})
		}
	}
	return out, nil
}
