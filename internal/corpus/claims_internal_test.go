package corpus

import "testing"

func TestVerdictProblem(t *testing.T) {
	tests := []struct {
		verdict string
		n       relations
		ok      bool
	}{
		{"supported", relations{supports: 2, complicates: 3}, true},
		{"supported", relations{complicates: 3}, false},
		{"supported", relations{supports: 2, contradicts: 1}, false},
		{"mixed", relations{supports: 1, complicates: 1}, true},
		{"mixed", relations{supports: 1, contradicts: 1}, true},
		{"mixed", relations{supports: 3}, false},
		{"mixed", relations{complicates: 2, contradicts: 1}, false},
		{"not supported", relations{contradicts: 1, complicates: 2}, true},
		{"not supported", relations{complicates: 2}, false},
		{"not supported", relations{supports: 1, contradicts: 2}, false},
		{"unverifiable", relations{complicates: 4}, true},
		{"unverifiable", relations{}, true},
		{"unverifiable", relations{supports: 1, complicates: 4}, false},
		{"unverifiable", relations{contradicts: 1}, false},
		{"true", relations{supports: 1}, false},
	}
	for _, tc := range tests {
		if got := verdictProblem(tc.verdict, tc.n); (got == "") != tc.ok {
			t.Errorf("%s with %+v: problem %q, want ok=%v", tc.verdict, tc.n, got, tc.ok)
		}
	}
}
