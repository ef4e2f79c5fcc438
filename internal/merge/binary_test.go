package merge

import (
	"bytes"
	"testing"
)

func TestIsBinary(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"empty", nil, false},
		{"text", []byte("package main\n"), false},
		{"UTF-16 looks binary, as to git", []byte{0xff, 0xfe, 'a', 0}, true},
		{"PNG header", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), true},
		{"NUL at the last byte probed", append(bytes.Repeat([]byte("a"), binaryProbe-1), 0), true},
		{"NUL past the bytes probed", append(bytes.Repeat([]byte("a"), binaryProbe), 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBinary(tt.data); got != tt.want {
				t.Errorf("IsBinary() = %v, want %v", got, tt.want)
			}
		})
	}
}
