// Package sarif writes an audit report as a SARIF 2.1.0 log, the format GitHub code
// scanning reads to annotate lines: one rule per check, one result per finding that
// is not PASS, located at each piece of evidence.
package sarif

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/audit"
)

// Version and SchemaURI identify the SARIF version written.
const (
	Version   = "2.1.0"
	SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

type log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool    tool     `json:"tool"`
	Results []result `json:"results"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri"`
	Rules          []rule `json:"rules"`
}

type rule struct {
	ID               string  `json:"id"`
	ShortDescription message `json:"shortDescription"`
	Help             message `json:"help"`
}

type message struct {
	Text string `json:"text"`
}

type result struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex int        `json:"ruleIndex"`
	Level     string     `json:"level"`
	Message   message    `json:"message"`
	Locations []location `json:"locations,omitempty"`
}

type location struct {
	PhysicalLocation physicalLocation `json:"physicalLocation"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type region struct {
	StartLine int      `json:"startLine"`
	Snippet   *message `json:"snippet,omitempty"`
}

// levels maps a status to a SARIF level.
var levels = map[audit.Status]string{audit.Fail: "error", audit.Warn: "warning", audit.Unknown: "note"}

// Write writes rep as a SARIF log to w. toolVersion is the version of gonew-prod.
// Paths are relative to the audited directory (uriBaseId %SRCROOT%).
func Write(w io.Writer, rep *audit.Report, toolVersion string) error {
	checks := audit.Checks()
	d := driver{Name: "gonew-prod audit", Version: toolVersion, InformationURI: "https://github.com/gonew-prod/gonew-prod", Rules: []rule{}}
	index := map[string]int{}
	for i, c := range checks {
		index[c.ID] = i
		help := c.Title
		if c.Component != "" {
			help += ". Fix: gonew-prod add " + c.Component
		}
		d.Rules = append(d.Rules, rule{ID: c.ID, ShortDescription: message{c.Title}, Help: message{help}})
	}
	r := run{Tool: tool{Driver: d}, Results: []result{}}
	for _, res := range rep.Results {
		level, ok := levels[res.Status]
		if !ok {
			continue
		}
		text := res.Message
		if res.Main != "" {
			text = res.Main + ": " + text
		}
		if res.Fix != "" {
			text += ". Fix: " + res.Fix
		}
		out := result{RuleID: res.Check, RuleIndex: index[res.Check], Level: level, Message: message{text}}
		for _, ev := range res.Evidence {
			loc := location{PhysicalLocation: physicalLocation{ArtifactLocation: artifactLocation{URI: uri(ev.File), URIBaseID: "%SRCROOT%"}}}
			if ev.Line > 0 {
				loc.PhysicalLocation.Region = &region{StartLine: ev.Line}
				if ev.Snippet != "" {
					loc.PhysicalLocation.Region.Snippet = &message{ev.Snippet}
				}
			}
			out.Locations = append(out.Locations, loc)
		}
		r.Results = append(r.Results, out)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log{Schema: SchemaURI, Version: Version, Runs: []run{r}}); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

// uri escapes a slash-separated relative path as a URI reference.
func uri(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
