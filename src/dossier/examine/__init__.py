"""examine"""
