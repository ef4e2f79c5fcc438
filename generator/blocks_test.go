package generator

import "testing"

func TestFindBlock(t *testing.T) {
	tests := []struct {
		name, data, id, want string
		damaged              bool // a begin marker without an end
	}{
		{"middle", "a\n# >>> gonew-prod:mk\nx\n# <<< gonew-prod:mk\nb\n", "mk", "# >>> gonew-prod:mk\nx\n# <<< gonew-prod:mk\n", false},
		{"end without newline", "a\n// >>> gonew-prod:mk\n// <<< gonew-prod:mk", "mk", "// >>> gonew-prod:mk\n// <<< gonew-prod:mk", false},
		{"longer id is another block", "# >>> gonew-prod:mk-extra\n# <<< gonew-prod:mk-extra\n# >>> gonew-prod:mk\n# <<< gonew-prod:mk\n", "mk",
			"# >>> gonew-prod:mk\n# <<< gonew-prod:mk\n", false},
		{"marker followed by text", "# >>> gonew-prod:mk (do not edit)\ny\n# <<< gonew-prod:mk end\n", "mk", "# >>> gonew-prod:mk (do not edit)\ny\n# <<< gonew-prod:mk end\n", false},
		{"CRLF", "# >>> gonew-prod:mk\r\ny\r\n# <<< gonew-prod:mk\r\nz\r\n", "mk", "# >>> gonew-prod:mk\r\ny\r\n# <<< gonew-prod:mk\r\n", false},
		{"id continued by punctuation is another id", "# >>> gonew-prod:mk.v2\n# <<< gonew-prod:mk.v2\n", "mk", "", false},
		{"no end", "# >>> gonew-prod:mk\nx\n", "mk", "", true},
		{"end before begin", "# <<< gonew-prod:mk\n# >>> gonew-prod:mk\n", "mk", "", true},
		{"absent", "a\n", "mk", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, ok, err := FindBlock([]byte(tt.data), tt.id)
			if (err != nil) != tt.damaged {
				t.Errorf("err = %v, want damaged=%v", err, tt.damaged)
			}
			got := ""
			if ok {
				got = tt.data[start:end]
			}
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("FindBlock = %q (%v), want %q", got, ok, tt.want)
			}
		})
	}
}
