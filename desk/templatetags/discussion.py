"""{{ comment|subject_page }}: the desk page showing what a comment is about, or ""."""

from django import template

from desk.discussion import page_of, subject_of_comment

register = template.Library()


@register.filter
def subject_page(comment) -> str:
    return page_of(subject_of_comment(comment)) or ""
