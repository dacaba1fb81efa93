{#- Readable stable id from a name: 'Ada Lovelace' -> 'ada-lovelace', 'Kunlunxin (Baidu)' -> 'kunlunxin-baidu'. -#}
{% macro name_to_id(expression) -%}
    {{ aihw.hardware_slug("trim(" ~ aihw.hardware_name_norm(expression) ~ ")") }}
{%- endmacro %}
