{#- Physical plausibility in staging. The rules are the physical_bounds seed (seeds/reference/physical_bounds.csv,
    one row per source and staging column, declared once); staging reads them at compile time and turns a
    value outside its bounds into NULL, so nothing downstream ever sees it. The raw text stays in the raw
    seed, and fct_data_quality_flags lists every nullified value with its raw text and the rule's reason.
    Usage in a staging model:
        {%- set bounds = physical_bounds('passmark') -%}
        {{ to_bounded_double(bounds, 'tdp_watts', adapter.quote('TDP')) }} as tdp_watts,
    ref() is called outside the execute guard so every staging model depends on the rules' view. -#}

{#- the rules of one source: list of dicts (column_name, raw_column, min_value, is_min_inclusive, max_value,
    is_max_inclusive, reason); empty while dbt parses. Called from the source's staging model (the default,
    check_coverage=true), it stops the build when a rule's column is not bounded there (its name never
    appears quoted in the model's code, as within_physical_bounds needs it): a rule cannot be silently unused. -#}
{% macro physical_bounds(source_name, check_coverage=true) -%}
    {%- set bounds_relation = ref('stg_reference__physical_bounds') -%}
    {%- set rules = [] -%}
    {%- if execute -%}
        {%- set query -%}
            select column_name, raw_column, min_value, is_min_inclusive, max_value, is_max_inclusive, reason
            from {{ bounds_relation }}
            where source_name = '{{ source_name }}'
            order by column_name
        {%- endset -%}
        {%- for row in run_query(query).rows -%}
            {%- do rules.append({
                'column_name': row[0],
                'raw_column': row[1],
                'min_value': row[2],
                'is_min_inclusive': row[3],
                'max_value': row[4],
                'is_max_inclusive': row[5],
                'reason': row[6],
            }) -%}
        {%- endfor -%}
        {%- if check_coverage -%}
            {%- for rule in rules if ("'" ~ rule.column_name ~ "'") not in model.raw_code -%}
                {{ exceptions.raise_compiler_error(
                    'seeds/reference/physical_bounds.csv declares a bound for ' ~ source_name ~ '.' ~ rule.column_name
                    ~ ' but ' ~ model.name ~ ' does not bound that column (to_bounded_double / to_bounded_int)') }}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(rules) }}
{%- endmacro %}

{#- the condition "expression lies within the rule's bounds" (false for NaN and infinities) -#}
{% macro physical_bound_condition(rule, expression) -%}
    ({{ expression }} {{ '>=' if rule.is_min_inclusive else '>' }} {{ rule.min_value }}
        and {{ expression }} {{ '<=' if rule.is_max_inclusive else '<' }} {{ rule.max_value }})
{%- endmacro %}

{#- a numeric expression, NULL when it breaks the bound declared for column_name. A bounded column without
    a rule in the seed stops the build (every typed numeric column is declared there). -#}
{% macro within_physical_bounds(bounds, column_name, expression) -%}
    {%- if not execute -%}
        {{ return(expression) }}
    {%- endif -%}
    {%- set matching = bounds | selectattr('column_name', 'equalto', column_name) | list -%}
    {%- if matching | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            'column ' ~ column_name ~ ' has ' ~ (matching | length) ~ ' rules in seeds/reference/physical_bounds.csv'
            ~ ' for this source; declare exactly one') }}
    {%- endif -%}
    case when {{ physical_bound_condition(matching[0], expression) }} then {{ expression }} end
{%- endmacro %}

{#- raw text -> double (optionally divided by a unit scale), NULL outside its physical bounds -#}
{% macro to_bounded_double(bounds, column_name, raw_expression, divisor=none) -%}
    {%- set typed = aihw.to_double(raw_expression) ~ (' / ' ~ divisor if divisor else '') -%}
    {{ aihw.within_physical_bounds(bounds, column_name, typed) }}
{%- endmacro %}

{#- raw text -> integer through double, NULL outside its physical bounds (checked before the integer cast,
    so 1e308 becomes NULL instead of an overflow error) -#}
{% macro to_bounded_int(bounds, column_name, raw_expression) -%}
    cast({{ aihw.within_physical_bounds(bounds, column_name, aihw.to_double(raw_expression)) }} as {{ dbt.type_int() }})
{%- endmacro %}
