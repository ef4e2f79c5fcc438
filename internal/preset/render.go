package preset

import (
	"fmt"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/templates"
)

// Render renders the built-in templates with p's overlay, removals and GOPRIVATE pattern
// for a, including the project's .gonew-prod.yaml record.
func Render(a answers.Answers, p Pack) ([]generator.File, error) {
	tmpl := templates.FS()
	versions, err := generator.ReadVersions(tmpl)
	if err != nil {
		return nil, err
	}
	data := generator.NewData(a, versions)
	data.GoPrivate = p.GoPrivate
	req := generator.Request{
		Templates: tmpl,
		Remove:    p.Remove,
		Data:      data,
		Record:    generator.NewRecord(a, generator.RecordPreset{Name: p.Name, Source: p.Source, Version: p.Version}),
	}
	if len(p.Overlay) > 0 {
		req.Overlay = p.Overlay
	}
	files, err := generator.Render(req)
	if err != nil && req.Overlay != nil {
		return nil, fmt.Errorf("preset %s: %w", p.Name, err)
	}
	return files, err
}
