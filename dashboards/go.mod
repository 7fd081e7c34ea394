module github.com/podo-tickets/podo/dashboards

go 1.26.8

require github.com/podo-tickets/podo/app v0.0.0

require github.com/grafana/grafana-foundation-sdk/go v0.0.22

replace github.com/podo-tickets/podo/app => ../app
