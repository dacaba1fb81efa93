{#- Domain mart (language): which hardware under a latency / budget / power limit, with TTFT / TPOT (macro
    workload_domain_options). -#}
{{ workload_domain_options('language', extra_columns=['ttft_ms', 'tpot_ms']) }}
