{#- Domain mart (vision): which hardware under a latency / budget / power limit (macro workload_domain_options). -#}
{{ workload_domain_options('vision') }}
