package ssm_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/ssm"
)

// fakeSSM answers GetParametersByPath as Parameter Store does, in two pages,
// and remembers whether decryption was asked for.
func fakeSSM(t *testing.T, decrypted *bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "AmazonSSM.GetParametersByPath" {
			http.Error(w, "unexpected call", 400)
			return
		}
		var in struct {
			Path           string
			WithDecryption bool
			NextToken      string
		}
		json.NewDecoder(r.Body).Decode(&in)
		*decrypted = in.WithDecryption
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if in.NextToken == "" {
			json.NewEncoder(w).Encode(map[string]any{"NextToken": "p2", "Parameters": []map[string]string{
				{"Name": in.Path + contract.SSMJWTSecret, "Value": "jwt-from-ssm", "Type": "SecureString"},
				{"Name": in.Path + contract.SSMMySQLPassword, "Value": "p@ss:word", "Type": "SecureString"},
			}})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"Parameters": []map[string]string{
			{"Name": in.Path + contract.SSMRedisAuthToken, "Value": "redis-token", "Type": "SecureString"},
		}})
	}))
}

func TestLoadReplacesSecretsFromTheParameterPath(t *testing.T) {
	decrypted := false
	srv := fakeSSM(t, &decrypted)
	defer srv.Close()
	base := map[string]string{
		contract.EnvMySQLDSN:  "podo@tcp(db.internal:3306)/podo?tls=true",
		contract.EnvJWTSecret: "",
		contract.EnvRedisAddr: "cache.internal:6379",
	}
	getenv, err := ssm.Load(context.Background(), "/podo/dev", func(k string) string { return base[k] },
		ssm.Options{Endpoint: srv.URL, Region: "ap-northeast-2", Creds: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	if err != nil {
		t.Fatal(err)
	}
	if !decrypted {
		t.Fatal("parameters were read without decryption")
	}
	for k, want := range map[string]string{
		contract.EnvJWTSecret:     "jwt-from-ssm",
		contract.EnvRedisPassword: "redis-token",
		contract.EnvMySQLDSN:      "podo:p@ss:word@tcp(db.internal:3306)/podo?tls=true",
		contract.EnvRedisAddr:     "cache.internal:6379",
	} {
		if got := getenv(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}
