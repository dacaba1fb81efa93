{#- Hardware-name helpers for models/intermediate/hardware.
    Patterns in seeds/reference/*_rules.csv are written for these helpers: POSIX-style regex, no lookarounds,
    no \b (Postgres reads \b as backspace), matched case-insensitively against hardware_name_norm(), where
    every token is delimited by single spaces, so ' t4 ' means the whole token t4. -#}

{#- case-insensitive regex match of a text expression against a pattern expression (column or literal) -#}
{% macro regexp_matches_ci(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches_ci', 'aihw')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches_ci(expression, pattern) -%}
    ({{ expression }} ~* {{ pattern }})
{%- endmacro %}

{% macro postgres__regexp_matches_ci(expression, pattern) -%}
    ({{ expression }} ~* {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_matches_ci(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }}, 'i')
{%- endmacro %}

{% macro spark__regexp_matches_ci(expression, pattern) -%}
    ({{ expression }} rlike concat('(?i)', {{ pattern }}))
{%- endmacro %}

{#- ' geforce rtx 3080 ti laptop gpu ': lower case, every run of non-alphanumerics -> one space, padded with
    one space on both sides so rule patterns can use ' token ' as a word boundary. -#}
{% macro hardware_name_norm(expression) -%}
    {{ dbt.concat(["' '", "trim(" ~ aihw.regexp_replace_all("lower(" ~ expression ~ ")", "[^a-z0-9]+", " ") ~ ")", "' '"]) }}
{%- endmacro %}

{#- matching key built from a hardware_name_norm() value: vendor and filler tokens removed (nvidia, amd, ati,
    intel, r, tm, graphics; applied twice because adjacent tokens share a space), '80 gb' -> '80gb',
    trimmed. 'NVIDIA Tesla V100 SXM2 16 GB' and 'Tesla V100-SXM2-16GB' both give 'tesla v100 sxm2 16gb'.
    Given the published name (name_expression), a name that leaves no key (no Latin letter or digit, e.g.
    '昇腾' or emoji, or only filler words) gets 'name md5 <first 12 hex of md5(full name)>': stable, distinct
    per spelling, never empty (flagged no_latin_name in fct_data_quality_flags). -#}
{% macro hardware_match_key(norm_expression, name_expression=none) -%}
    {%- set filler = " (nvidia|amd|ati|intel|r|tm|graphics) " -%}
    {%- set pass_1 = aihw.regexp_replace_all(norm_expression, filler, " ") -%}
    {%- set pass_2 = aihw.regexp_replace_all(pass_1, filler, " ") -%}
    {%- set match_key = "trim(" ~ aihw.regexp_replace_all(pass_2, " ([0-9]+) gb ", " \\1gb ") ~ ")" -%}
    {%- if name_expression is none -%}
        {{ match_key }}
    {%- else -%}
        coalesce(
            nullif({{ match_key }}, ''),
            {{ dbt.concat(["'name md5 '", "substr(" ~ dbt.hash(name_expression) ~ ", 1, 12)"]) }}
        )
    {%- endif -%}
{%- endmacro %}

{#- stable text key from a match key: spaces -> hyphens ('tesla-v100-sxm2-16gb') -#}
{% macro hardware_slug(match_key_expression) -%}
    replace({{ match_key_expression }}, ' ', '-')
{%- endmacro %}

{#- a hardware_name_norm() value with the reviewed spelling rewrites applied in rule order
    (stg_reference__hardware_name_rewrites: ' laptop gpu ' -> ' mobile ', ...), so two sources' spellings of
    one SKU variant give one match key. rules_relation: ref() of that model, passed by the calling model so
    dbt knows the dependency. Patterns and replacements are literals padded by spaces like the names. -#}
{% macro apply_name_rewrites(norm_expression, rules_relation) -%}
    {%- set rules = aihw.ordered_rules(rules_relation, ['replacement']) -%}
    {%- set ns = namespace(expression=norm_expression) -%}
    {%- for rule in rules -%}
        {%- set ns.expression = aihw.regexp_replace_all(ns.expression, rule.name_pattern | replace("'", "''"), rule.replacement | replace("'", "''")) -%}
    {%- endfor -%}
    {{ ns.expression }}
{%- endmacro %}
