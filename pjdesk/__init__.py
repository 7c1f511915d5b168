"""pjdesk — domain and services of 平江扶贫工作台. No Qt below this package."""

__version__ = "0.1.0"
APP_NAME = "平江扶贫工作台"
APP_ID = "pjdesk"
