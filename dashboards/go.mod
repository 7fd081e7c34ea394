module github.com/podo-tickets/podo/dashboards

go 1.26.8

require github.com/podo-tickets/podo/app v0.0.0

replace github.com/podo-tickets/podo/app => ../app
